// Generates src/action-flags.generated.json from each capability's action.yml: the CLI's flags are
// the GitHub input names, with their descriptions and defaults, never copied by hand. Where the
// action's text speaks of GitHub (post step, step outputs, the GitHub OIDC token, GitHubActions),
// CLI_TEXT gives the CLI's own. Run by `pnpm bundle` (and `pnpm generate`); a test fails when the
// file is stale. JSON, so the formatter leaves it as generated.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const root = join(import.meta.dirname, '..', '..');
const capabilities = { credentials: 'aws-credentials', 'ecr-push': 'ecr-push', 'ssm-secret': 'ssm-secret' };

/** Inputs read as booleans (core's getBooleanInput) that have no true/false default in action.yml. */
const BOOLEAN_INPUTS = new Set([
  'disable-retry',
  'force-skip-oidc',
  'log-request',
  'log-response',
  'mask-aws-account-id',
  'output-credentials',
  'output-env-credentials',
  'overwrite-aws-profile',
  'role-chaining',
  'role-skip-session-tagging',
  'special-characters-workaround',
  'unset-current-credentials',
  'use-existing-credentials',
  'verify-identity',
]);

const SESSION_NAME =
  "Role session name (default: aws-ci-kit-<repository>-<run id>-<attempt> from the CI's variables, or aws-ci-kit).";
const OIDC_AUDIENCE =
  "Audience of the job's OIDC token (GitLab id_tokens aud, CircleCI, Bitbucket, Buildkite).";
const FORCE_SKIP_OIDC =
  "Never use the job's OIDC token (then role-to-assume needs keys, a token file or a profile).";
const ROLE =
  "Role ARN (or role name, completed with the caller's account) to assume. With no keys, assumed with the job's OIDC token (see --web-identity-token-env).";
const SKIP_TAGGING =
  "Do not tag the role session (CI=aws-ci-kit, Repository, Pipeline, RunId, Commit, Branch, Actor from the CI's variables).";

/** The CLI's words where the action's are GitHub's: summaries and per-flag descriptions. */
const CLI_TEXT = {
  credentials: {
    summary:
      "Configure AWS credentials for later commands: keys from the environment, the job's OIDC token (GitLab, CircleCI, Bitbucket, Buildkite), a web identity token file, profiles, SSO or instance metadata; assume a role (external id, session tags, session policies, chaining); verify with GetCallerIdentity; hand them on with --export (or run one command with them: aws-ci-kit exec). Accepts configure-aws-credentials' input names.",
    flags: {
      'aws-profile':
        'Name of the AWS profile to WRITE: credentials go to the shared credentials and config files (0600) instead of the environment, unless output-env-credentials is true. No whitespace, brackets or slashes. Set by --export profile / credential-process (default aws-ci-kit).',
      'role-to-assume': ROLE,
      audience: OIDC_AUDIENCE,
      'role-session-name': SESSION_NAME,
      'role-skip-session-tagging': SKIP_TAGGING,
      'output-credentials':
        'Also hand the credentials on as aws-access-key-id, aws-secret-access-key and aws-session-token in the json export.',
      'force-skip-oidc': FORCE_SKIP_OIDC,
    },
  },
  'ecr-push': {
    summary:
      'Log in to Amazon ECR (password on stdin, a private Docker config), optionally build, then tag with the short commit SHA, latest and your tags and push with docker/podman/buildah/nerdctl, or without any daemon straight over the registry API from an OCI layout or a docker save archive. With --repository the login lives only as long as the command; without it (log in only) it goes to the Docker config you name (--docker-config or DOCKER_CONFIG).',
    flags: {
      'mask-password': 'Accepted for amazon-ecr-login compatibility; the password is never printed.',
      'output-docker-credentials':
        'Hand docker_username_<registry> and docker_password_<registry> on in the json export, as amazon-ecr-login does; false sets neither.',
      'skip-logout':
        'Accepted for amazon-ecr-login compatibility; the CLI removes the login with the command that made it (log in only: it stays in the Docker config you named).',
      'force-skip-oidc': FORCE_SKIP_OIDC,
      audience: OIDC_AUDIENCE,
      'role-to-assume': ROLE,
      'role-session-name': SESSION_NAME,
      'role-skip-session-tagging': SKIP_TAGGING,
    },
  },
  'ssm-secret': {
    summary:
      'Reads AWS Systems Manager parameters (by name, version, label or path, and Secrets Manager secrets through /aws/reference/secretsmanager/) into variables handed on with --export (or run one command with them: aws-ci-kit exec), optionally a dotenv file. Strict by default; values can never inject shell or CI commands.',
    flags: {
      'mask-all':
        'Treat String and StringList values as secrets too (redacted from the log like SecureStrings).',
      'role-to-assume': ROLE,
      'force-skip-oidc': FORCE_SKIP_OIDC,
      'role-session-name': SESSION_NAME,
      'role-skip-session-tagging': SKIP_TAGGING,
      audience: OIDC_AUDIENCE,
    },
  },
};

const oneLine = (text) =>
  String(text ?? '')
    .replace(/\s+/g, ' ')
    .trim();

export function generateFlags() {
  const out = {};
  for (const [command, pkg] of Object.entries(capabilities)) {
    const action = parse(readFileSync(join(root, pkg, 'action.yml'), 'utf8'));
    const text = CLI_TEXT[command];
    out[command] = {
      summary: text.summary,
      flags: Object.entries(action.inputs ?? {}).map(([name, spec]) => {
        const fallback = spec.default !== undefined && spec.default !== '' ? String(spec.default) : undefined;
        const boolean = BOOLEAN_INPUTS.has(name) || fallback === 'true' || fallback === 'false';
        return {
          name,
          description: text.flags[name] ?? oneLine(spec.description),
          ...(fallback !== undefined ? { default: fallback } : {}),
          ...(boolean ? { boolean: true } : {}),
        };
      }),
    };
  }
  return `${JSON.stringify(out, null, 2)}\n`;
}

if (process.argv[1] === import.meta.filename) {
  writeFileSync(join(import.meta.dirname, '..', 'src', 'action-flags.generated.json'), generateFlags());
}
