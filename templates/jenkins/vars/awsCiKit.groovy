// aws-ci-kit Jenkins shared library: `awsCiKit(role: ..., region: ...) { ... }` runs the block with
// the role's credentials, the way the Pipeline: AWS Steps plugin's `withAWS` does, safe under the
// `sh -xe` every `sh` step runs with:
//  - the source keys (a Jenkins credential, `credentials:`) are bound under AWS_CI_KIT_* names, so
//    they never override the profile below and Jenkins masks them;
//  - one `sh` step writes a job-private AWS config (in the workspace's @tmp folder) whose profile
//    runs `aws-ci-kit credential-process` (flags only, no secret) and checks it with one role
//    assumption: a failure fails the build here;
//  - the block runs with AWS_CONFIG_FILE/AWS_PROFILE naming that profile: every AWS tool in it
//    fetches the role's credentials itself; no key is in the environment, the log or a file;
//  - `finally` removes the config.
// Inside the block, `sh '$AWS_CI_KIT exec --names /app/prod/db=DB_PASSWORD -- ./deploy.sh'` runs one
// command with SSM values in ITS environment only (output redacted).
def call(Map config = [:], Closure body) {
  String role = config.role ?: error('awsCiKit: role is required')
  String dir = "${pwd(tmp: true)}/aws-ci-kit-${UUID.randomUUID()}"
  // The inputs, for the credentials step, every credential_process call and any `exec` in the block
  // (each assumes the role from the source credentials, never from the role's own session).
  List<String> inputs = [
    "AWS_CI_KIT=${config.cli ?: 'npx --yes @aws-ci-kit/cli@__VERSION__'}",
    "AWS_CI_KIT_ROLE_TO_ASSUME=${role}",
    "AWS_CI_KIT_AWS_REGION=${config.region ?: ''}",
    "AWS_CI_KIT_ROLE_EXTERNAL_ID=${config.externalId ?: ''}",
    "AWS_CI_KIT_ROLE_SESSION_NAME=${config.roleSessionName ?: ''}",
    "AWS_CI_KIT_ROLE_DURATION_SECONDS=${config.duration ?: ''}",
    "AWS_CI_KIT_WEB_IDENTITY_TOKEN_FILE=${config.webIdentityTokenFile ?: ''}",
    "AWSCIKIT_DIR=${dir}",
  ]
  Closure withRole = {
    withEnv(inputs) {
      try {
        sh(label: 'aws-ci-kit credentials', script: libraryResource('io/awscikit/credentials.sh'))
        withEnv(["AWS_CONFIG_FILE=${dir}/config", 'AWS_PROFILE=aws-ci-kit']) {
          body()
        }
      } finally {
        sh(label: 'aws-ci-kit cleanup', script: libraryResource('io/awscikit/cleanup.sh'))
      }
    }
  }
  if (config.credentials) {
    withCredentials([usernamePassword(credentialsId: config.credentials,
                                      usernameVariable: 'AWS_CI_KIT_AWS_ACCESS_KEY_ID',
                                      passwordVariable: 'AWS_CI_KIT_AWS_SECRET_ACCESS_KEY')]) {
      withRole()
    }
  } else {
    withRole()
  }
}
