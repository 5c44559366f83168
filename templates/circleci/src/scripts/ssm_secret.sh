#!/bin/bash
# aws-ci-kit ssm_secret (CircleCI: /bin/bash -eo pipefail): the values go to the command's
# environment only, through `aws-ci-kit exec`; its exit code is the step's.
set -eo pipefail
args=(exec --names "$PARAM_NAMES")
if [ -n "$PARAM_ROLE_TO_ASSUME" ]; then args+=(--role-to-assume "$PARAM_ROLE_TO_ASSUME"); fi
if [ -n "$PARAM_AWS_REGION" ]; then args+=(--aws-region "$PARAM_AWS_REGION"); fi
# shellcheck disable=SC2086 # PARAM_CLI is a command line
$PARAM_CLI "${args[@]}" -- /bin/bash -eo pipefail -c "$PARAM_COMMAND"
