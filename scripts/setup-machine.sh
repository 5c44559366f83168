#!/usr/bin/env bash
# Installs everything the demo and the tests need on a fresh Debian machine with node 20+ (idempotent).
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive

apt_packages=(docker-registry apache2-utils skopeo buildah docker.io busybox-static openssl ca-certificates unzip time rsync)
missing=()
for pkg in "${apt_packages[@]}"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
if [ "${#missing[@]}" -gt 0 ]; then
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

command -v pnpm >/dev/null 2>&1 || npm install -g pnpm@10 >/dev/null 2>&1
command -v moto_server >/dev/null 2>&1 || pip install --quiet 'moto[server]'
command -v aws >/dev/null 2>&1 || pip install --quiet awscli
python3 -c 'import dotenv' 2>/dev/null || pip install --quiet python-dotenv   # the SSM dotenv test reads our file back with it

pnpm install --frozen-lockfile
