#!/usr/bin/env bash
# aws-ci-kit Bitbucket pipe. The step's OIDC token (BITBUCKET_STEP_OIDC_TOKEN, `oidc: true`) or the
# given AWS keys are the source; with ECR_REPOSITORY it builds (or takes IMAGE) and pushes; with
# COMMAND it runs the command through `aws-ci-kit exec`: the role's credentials and the SSM_NAMES
# values are in the command's environment only, its output is redacted, its exit code is the pipe's.
# Nothing is printed for a shell to evaluate and nothing is written to disk.
set -euo pipefail

common=()
if [ -n "${AWS_ROLE_TO_ASSUME:-}" ]; then common+=(--role-to-assume "$AWS_ROLE_TO_ASSUME"); fi
if [ -n "${AWS_REGION:-}" ]; then common+=(--aws-region "$AWS_REGION"); fi
if [ -n "${ROLE_EXTERNAL_ID:-}" ]; then common+=(--role-external-id "$ROLE_EXTERNAL_ID"); fi
if [ -n "${ROLE_SESSION_NAME:-}" ]; then common+=(--role-session-name "$ROLE_SESSION_NAME"); fi
if [ "${DEBUG:-false}" = true ]; then common+=(--debug); fi
if [ -z "${ECR_REPOSITORY:-}" ] && [ -z "${COMMAND:-}" ]; then
  echo 'aws-ci-kit pipe: set COMMAND (a command to run with the credentials) or ECR_REPOSITORY (an image to push).' >&2
  exit 2
fi
cd "${BITBUCKET_CLONE_DIR:-.}"

if [ -n "${ECR_REPOSITORY:-}" ]; then
  push=(ecr-push --export none --repository "$ECR_REPOSITORY" --tags "${ECR_TAGS:-latest}")
  if [ -n "${IMAGE:-}" ]; then push+=(--image "$IMAGE"); else
    push+=(--dockerfile "${DOCKERFILE:-Dockerfile}" --context "${CONTEXT:-.}")
  fi
  aws-ci-kit "${push[@]}" "${common[@]}"
fi

if [ -n "${COMMAND:-}" ]; then
  secrets=()
  if [ -n "${SSM_NAMES:-}" ]; then secrets+=(--names "$SSM_NAMES"); fi
  aws-ci-kit exec "${common[@]}" "${secrets[@]}" -- bash -euo pipefail -c "$COMMAND"
fi
