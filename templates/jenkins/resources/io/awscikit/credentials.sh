# aws-ci-kit credentials, run by the awsCiKit step as a Jenkins `sh` step (sh -xe: every line is
# printed, so no line here holds a secret; the inputs and the source keys are AWS_CI_KIT_* variables
# the CLI reads itself). Writes $AWSCIKIT_DIR/config with a profile whose credential_process runs
# aws-ci-kit, after one role assumption that fails the step when it fails.
umask 077
mkdir -p "$AWSCIKIT_DIR"
AWS_CONFIG_FILE="$AWSCIKIT_DIR/config" $AWS_CI_KIT credentials --export credential-process --aws-profile aws-ci-kit
