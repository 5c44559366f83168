#!/bin/bash
# aws-ci-kit credentials (CircleCI: /bin/bash -eo pipefail, $BASH_ENV sourced before each step).
# Writes a job-private AWS config whose profile runs `aws-ci-kit credential-process` (the flags only:
# no secret), checked by one role assumption now, and hands later steps its path through $BASH_ENV.
set -eo pipefail
dir=$(mktemp -d "${TMPDIR:-/tmp}/aws-ci-kit.XXXXXXXX")
args=(credentials --export credential-process --aws-profile "$PARAM_PROFILE"
  --role-to-assume "$PARAM_ROLE_TO_ASSUME" --aws-region "$PARAM_AWS_REGION"
  --role-duration-seconds "$PARAM_ROLE_DURATION_SECONDS")
if [ -n "$PARAM_ROLE_SESSION_NAME" ]; then args+=(--role-session-name "$PARAM_ROLE_SESSION_NAME"); fi
if [ -n "$PARAM_ROLE_EXTERNAL_ID" ]; then args+=(--role-external-id "$PARAM_ROLE_EXTERNAL_ID"); fi
# shellcheck disable=SC2086 # PARAM_CLI is a command line (e.g. npx --yes @aws-ci-kit/cli@__VERSION__)
AWS_CONFIG_FILE="$dir/config" $PARAM_CLI "${args[@]}"
printf 'export AWS_CONFIG_FILE=%q AWS_PROFILE=%q\n' "$dir/config" "$PARAM_PROFILE" >>"$BASH_ENV"
