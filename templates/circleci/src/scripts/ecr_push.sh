#!/bin/bash
# aws-ci-kit ecr_push (CircleCI: /bin/bash -eo pipefail): login, build and push in one command.
set -eo pipefail
args=(ecr-push --export none --repository "$PARAM_REPOSITORY" --tags "$PARAM_TAGS")
if [ -n "$PARAM_IMAGE" ]; then args+=(--image "$PARAM_IMAGE"); else
  args+=(--dockerfile "$PARAM_DOCKERFILE" --context "$PARAM_CONTEXT")
fi
if [ -n "$PARAM_ROLE_TO_ASSUME" ]; then args+=(--role-to-assume "$PARAM_ROLE_TO_ASSUME"); fi
if [ -n "$PARAM_AWS_REGION" ]; then args+=(--aws-region "$PARAM_AWS_REGION"); fi
# shellcheck disable=SC2086 # PARAM_CLI is a command line
$PARAM_CLI "${args[@]}"
