/** How later commands receive what a step set (see export-results.ts). */
export const EXPORT_FORMATS = [
  'shell',
  'dotenv',
  'json',
  'bash-env',
  'buildkite',
  'gitlab-dotenv',
  'profile',
  'credential-process',
  'none',
] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** How a CI hands a job an OIDC id token, found without configuration. */
export type IdTokenSource =
  /** A variable holding the JWT (GitLab `id_tokens`, CircleCI, Bitbucket). */
  | { readonly kind: 'variable'; readonly variable: string }
  /** `buildkite-agent oidc request-token --audience <aud>` prints it. */
  | { readonly kind: 'buildkite-agent' };

/**
 * What differs between CIs for the generic runtime: everything else (commit, branch, build, slug)
 * comes from `env-ci`. One row per CI; a new CI is a new row, never an `if` in a step.
 */
export interface CiProfile {
  /** env-ci's service id (`gitlab`, `circleci`, ...), or `unknown`. */
  readonly id: string;
  readonly name: string;
  readonly idToken?: IdTokenSource;
  readonly defaultExport: ExportFormat;
  /** Whether the CI can mask a value it learns at run time (only Buildkite's redactor can). */
  readonly masking: 'buildkite-agent' | 'none';
  /** Variables env-ci does not read: who started the run, the pipeline's name, the attempt. */
  readonly extra?: {
    readonly actor?: readonly string[];
    readonly pipeline?: readonly string[];
    readonly attempt?: readonly string[];
    readonly repository?: readonly string[];
    readonly serverUrl?: readonly string[];
    /** Where the repository is browsed or cloned from (`org.opencontainers.image.source`). */
    readonly repositoryUrl?: readonly string[];
  };
}

/** The variable GitLab jobs name in `id_tokens:` by default (GitLab's own AWS guide uses this name). */
export const GITLAB_ID_TOKEN_VARIABLE = 'GITLAB_OIDC_TOKEN';

const UNKNOWN: CiProfile = { id: 'unknown', name: 'this CI', defaultExport: 'shell', masking: 'none' };

export const CI_PROFILES: Readonly<Record<string, CiProfile>> = {
  gitlab: {
    id: 'gitlab',
    name: 'GitLab CI/CD',
    idToken: { kind: 'variable', variable: GITLAB_ID_TOKEN_VARIABLE },
    defaultExport: 'shell',
    masking: 'none',
    extra: {
      actor: ['GITLAB_USER_LOGIN'],
      pipeline: ['CI_PIPELINE_NAME', 'CI_JOB_NAME'],
      serverUrl: ['CI_SERVER_URL'],
      repositoryUrl: ['CI_PROJECT_URL'],
    },
  },
  circleci: {
    id: 'circleci',
    name: 'CircleCI',
    idToken: { kind: 'variable', variable: 'CIRCLE_OIDC_TOKEN_V2' },
    defaultExport: 'bash-env',
    masking: 'none',
    extra: {
      actor: ['CIRCLE_USERNAME'],
      pipeline: ['CIRCLE_JOB'],
      repository: ['CIRCLE_PROJECT_REPONAME'],
      repositoryUrl: ['CIRCLE_REPOSITORY_URL'],
    },
  },
  bitbucket: {
    id: 'bitbucket',
    name: 'Bitbucket Pipelines',
    idToken: { kind: 'variable', variable: 'BITBUCKET_STEP_OIDC_TOKEN' },
    defaultExport: 'shell',
    masking: 'none',
    extra: {
      actor: ['BITBUCKET_STEP_TRIGGERER_UUID'],
      pipeline: ['BITBUCKET_PIPELINE_UUID'],
      repositoryUrl: ['BITBUCKET_GIT_HTTP_ORIGIN'],
    },
  },
  buildkite: {
    id: 'buildkite',
    name: 'Buildkite',
    idToken: { kind: 'buildkite-agent' },
    defaultExport: 'buildkite',
    masking: 'buildkite-agent',
    extra: {
      actor: ['BUILDKITE_BUILD_CREATOR'],
      pipeline: ['BUILDKITE_PIPELINE_SLUG'],
      attempt: ['BUILDKITE_RETRY_COUNT'],
      repositoryUrl: ['BUILDKITE_REPO'],
    },
  },
  jenkins: {
    id: 'jenkins',
    name: 'Jenkins',
    defaultExport: 'shell',
    masking: 'none',
    extra: {
      actor: ['BUILD_USER_ID'],
      pipeline: ['JOB_NAME'],
      repository: ['GIT_URL'],
      serverUrl: ['JENKINS_URL'],
      repositoryUrl: ['GIT_URL'],
    },
  },
  travis: {
    id: 'travis',
    name: 'Travis CI',
    defaultExport: 'shell',
    masking: 'none',
    extra: { pipeline: ['TRAVIS_BUILD_STAGE_NAME'] },
  },
  teamcity: {
    id: 'teamcity',
    name: 'TeamCity',
    defaultExport: 'shell',
    masking: 'none',
    extra: { pipeline: ['TEAMCITY_BUILDCONF_NAME'] },
  },
  drone: {
    id: 'drone',
    name: 'Drone',
    defaultExport: 'shell',
    masking: 'none',
    extra: { actor: ['DRONE_COMMIT_AUTHOR'], pipeline: ['DRONE_STAGE_NAME'] },
  },
  woodpecker: {
    id: 'woodpecker',
    name: 'Woodpecker CI',
    defaultExport: 'shell',
    masking: 'none',
    extra: { actor: ['CI_COMMIT_AUTHOR', 'CI_PIPELINE_AUTHOR'], pipeline: ['CI_WORKFLOW_NAME'] },
  },
};

/** The profile of a CI by env-ci's service id; CIs without a row get the plain defaults. */
export function ciProfile(service: string | undefined, name?: string): CiProfile {
  return (
    (service && CI_PROFILES[service]) || { ...UNKNOWN, id: service ?? 'unknown', name: name ?? UNKNOWN.name }
  );
}
