# aws-ci-kit cleanup, run by the awsCiKit step in `finally` (sh -xe): removes the job-private config.
rm -rf -- "$AWSCIKIT_DIR"
