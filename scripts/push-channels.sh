#!/usr/bin/env bash
# Pushes each channel folder of the release layout (node scripts/release-layout.mjs <dir>) to the
# repository its CI reads it from, as one commit on `main` plus the release tag, for every host
# whose token is set (the release workflow passes them from secrets; none set: nothing is pushed).
#
#   bash scripts/push-channels.sh <layout dir> <tag vX.Y.Z>
#
#   CHANNELS_GITHUB_TOKEN   the three action repositories (tag vX.Y.Z and the moving major tag vX),
#                           the orb source, the Buildkite plugin and the Jenkins library (tag vX.Y.Z)
#   GITLAB_CATALOG_TOKEN    the GitLab CI/CD catalog project (tag X.Y.Z: catalog versions are bare)
#   BITBUCKET_PIPE_TOKEN    the Bitbucket pipe repository (tag X.Y.Z)
#
# A token reaches git through a credential helper that reads it from the environment: never on a
# command line, in a remote URL or in .git/config.
set -euo pipefail

layout=$(cd "$1" && pwd)
tag=$2
version=${tag#v}
major=${tag%%.*}
work=$(mktemp -d)
trap 'rm -rf -- "$work"' EXIT

# push <folder> <repository URL> <token variable> <user name> <tag> [<moving tag>]
push() {
  local folder=$1 url=$2 token_variable=$3 user=$4 release_tag=$5 moving=${6:-}
  local repo="$work/${folder//\//-}"
  git init -q -b main "$repo"
  git -C "$repo" config user.name 'github-actions[bot]'
  git -C "$repo" config user.email '41898282+github-actions[bot]@users.noreply.github.com'
  # shellcheck disable=SC2016 # expanded by the helper's shell, from the environment
  git -C "$repo" config credential.helper \
    "!f() { test \"\$1\" = get && echo username=$user && printf 'password=%s\\n' \"\$$token_variable\"; }; f"
  git -C "$repo" remote add origin "$url"
  # On top of the repository's main branch when it has one, with exactly the folder's files.
  if git -C "$repo" fetch -q --depth 1 origin main 2>/dev/null; then
    git -C "$repo" reset -q --soft FETCH_HEAD
    git -C "$repo" read-tree --empty
  fi
  cp -a "$layout/$folder/." "$repo/"
  git -C "$repo" add -A
  git -C "$repo" commit -q --allow-empty -m "aws-ci-kit $release_tag"
  git -C "$repo" tag "$release_tag"
  local refs=(HEAD:refs/heads/main "refs/tags/$release_tag")
  if [ -n "$moving" ]; then
    git -C "$repo" tag "$moving"
    refs+=("+refs/tags/$moving")
  fi
  git -C "$repo" push -q origin "${refs[@]}"
  echo "Pushed $folder to $url ($release_tag${moving:+, $moving})."
}

if [ -n "${CHANNELS_GITHUB_TOKEN:-}" ]; then
  for action in credentials ecr-push ssm-secret; do
    push "github/$action" "https://github.com/aws-ci-kit/aws-ci-kit-$action.git" \
      CHANNELS_GITHUB_TOKEN x-access-token "$tag" "$major"
  done
  push circleci https://github.com/aws-ci-kit/aws-ci-kit-orb.git CHANNELS_GITHUB_TOKEN x-access-token "$tag"
  push buildkite https://github.com/aws-ci-kit/aws-ci-kit-buildkite-plugin.git \
    CHANNELS_GITHUB_TOKEN x-access-token "$tag"
  push jenkins https://github.com/aws-ci-kit/aws-ci-kit-jenkins-library.git \
    CHANNELS_GITHUB_TOKEN x-access-token "$tag"
else
  echo 'CHANNELS_GITHUB_TOKEN not set: the action, orb, Buildkite and Jenkins repositories are not pushed.'
fi
if [ -n "${GITLAB_CATALOG_TOKEN:-}" ]; then
  push gitlab https://gitlab.com/aws-ci-kit/aws-ci-kit.git GITLAB_CATALOG_TOKEN oauth2 "$version"
else
  echo 'GITLAB_CATALOG_TOKEN not set: the GitLab catalog project is not pushed.'
fi
if [ -n "${BITBUCKET_PIPE_TOKEN:-}" ]; then
  push bitbucket https://bitbucket.org/aws-ci-kit/aws-ci-kit-pipe.git BITBUCKET_PIPE_TOKEN x-token-auth "$version"
else
  echo 'BITBUCKET_PIPE_TOKEN not set: the Bitbucket pipe repository is not pushed.'
fi
