import { CiKitError } from './errors.ts';

/**
 * Variables that steer a process, a shell or a tool rather than carry data. A name from data (an
 * SSM parameter, a JSON key) that would set one of them is refused on every CI and every export,
 * unless the user names it in the opt-in list. Sources: the runners' own deny lists (GitHub's
 * runner refuses NODE_OPTIONS through GITHUB_ENV; Azure hides `endpoint.`/`secret.` names), bash's
 * manual (start-up, prompt and read-only variables), ld.so(8), git(1), node, python, ruby, perl,
 * java, docker, curl/OpenSSL and the AWS SDKs' documented environment variables.
 */
interface ControlGroup {
  readonly why: string;
  readonly names?: readonly string[];
  readonly prefixes?: readonly string[];
  readonly suffixes?: readonly string[];
}

const GROUPS: readonly ControlGroup[] = [
  { why: 'the dynamic loader reads it', prefixes: ['LD_', 'DYLD_'], names: ['GCONV_PATH', 'LOCPATH'] },
  { why: 'it is a search path a program loads code or commands from', names: ['PATH'], suffixes: ['PATH'] },
  {
    why: 'the shell reads it at start-up or for every command (bash, sh, zsh)',
    names: ['ENV', 'IFS', 'PS1', 'PS2', 'PS3', 'PS4', 'PROMPT_COMMAND', 'SHELLOPTS', 'BASHOPTS'],
    prefixes: ['BASH', 'ZSH', 'COMP_'],
  },
  {
    why: 'the shell reads it at start-up or for every command (bash, sh, zsh)',
    names: [
      'GLOBIGNORE',
      'EXECIGNORE',
      'FIGNORE',
      'INPUTRC',
      'POSIXLY_CORRECT',
      'TIMEFORMAT',
      'MAIL',
      'ZDOTDIR',
    ],
    prefixes: ['HISTFILE', 'HISTCONTROL', 'HISTIGNORE', 'HISTCMD', 'HISTSIZE', 'HISTTIMEFORMAT'],
  },
  {
    why: 'bash holds it read-only or for itself, so setting it stops a script',
    names: ['UID', 'EUID', 'PPID', 'GROUPS', 'FUNCNAME', 'LINENO', 'RANDOM', 'SRANDOM', 'SECONDS'],
  },
  {
    why: 'bash holds it read-only or for itself, so setting it stops a script',
    names: ['EPOCHREALTIME', 'EPOCHSECONDS', 'DIRSTACK', 'PIPESTATUS', 'OPTIND', 'OPTARG', 'PWD', 'OLDPWD'],
  },
  {
    why: 'it names a program or directory other tools run or trust',
    names: [
      'HOME',
      'TMPDIR',
      'TMP',
      'TEMP',
      'SHELL',
      'PAGER',
      'MANPAGER',
      'EDITOR',
      'VISUAL',
      'BROWSER',
      'LESS',
      'LESSOPEN',
      'LESSCLOSE',
      'LESSKEYIN',
      'LESSSECURE',
      'GNUPGHOME',
    ],
    prefixes: ['XDG_', 'SSH_', 'SUDO_'],
  },
  {
    why: 'the resolver or make reads it',
    names: ['HOSTALIASES', 'RES_OPTIONS', 'LOCALDOMAIN', 'MAKEFLAGS', 'MFLAGS', 'GNUMAKEFLAGS'],
  },
  { why: 'git reads it (config, hooks, commands)', prefixes: ['GIT_'] },
  { why: 'node or npm reads it', prefixes: ['NODE_', 'NPM_CONFIG_', 'YARN_', 'COREPACK_'] },
  { why: 'python or pip reads it', prefixes: ['PYTHON', 'PIP_'] },
  {
    why: 'ruby, perl, java or .NET reads it',
    names: [
      'JAVA_TOOL_OPTIONS',
      '_JAVA_OPTIONS',
      'JDK_JAVA_OPTIONS',
      'JAVA_OPTIONS',
      'JAVA_OPTS',
      'MAVEN_OPTS',
      'GRADLE_OPTS',
      'CLASSPATH',
    ],
    prefixes: ['RUBY', 'GEM_', 'BUNDLE_', 'PERL', 'DOTNET_', 'CORECLR_', 'COMPLUS_'],
  },
  {
    why: 'go or terraform reads it',
    names: ['GOFLAGS', 'GOPROXY', 'GOROOT', 'GOENV', 'GOTOOLCHAIN', 'GOINSECURE'],
    prefixes: ['TF_CLI_'],
  },
  {
    why: 'docker, buildah or kubectl reads it',
    names: ['REGISTRY_AUTH_FILE', 'KUBECONFIG'],
    prefixes: ['DOCKER_', 'BUILDKIT_', 'CONTAINERS_', 'BUILDAH_'],
  },
  { why: 'it routes network traffic through a proxy', names: ['NO_PROXY'], suffixes: ['_PROXY'] },
  {
    why: 'it decides which TLS certificates are trusted',
    names: ['REQUESTS_CA_BUNDLE', 'AWS_CA_BUNDLE', 'NETRC', 'WGETRC'],
    prefixes: ['SSL_CERT_', 'CURL_', 'OPENSSL_'],
  },
  {
    why: 'the AWS SDKs and CLI read it (endpoint, profile, credentials source)',
    names: [
      'AWS_CONFIG_FILE',
      'AWS_SHARED_CREDENTIALS_FILE',
      'AWS_PROFILE',
      'AWS_DEFAULT_PROFILE',
      'AWS_PAGER',
    ],
    prefixes: ['AWS_ENDPOINT_URL', 'AWS_CONTAINER_', 'AWS_EC2_METADATA_', 'AWS_WEB_IDENTITY_', 'AWS_CI_KIT_'],
  },
  {
    why: 'the AWS SDKs and CLI read it (endpoint, profile, credentials source)',
    names: [
      'AWS_ROLE_ARN',
      'AWS_ROLE_SESSION_NAME',
      'AWS_SDK_LOAD_CONFIG',
      'AWS_STS_REGIONAL_ENDPOINTS',
      'AWS_USE_FIPS_ENDPOINT',
      'AWS_USE_DUALSTACK_ENDPOINT',
    ],
  },
  {
    why: 'the CI itself reads it',
    names: ['CI', 'TF_BUILD'],
    prefixes: [
      'GITHUB_',
      'RUNNER_',
      'ACTIONS_',
      'INPUT_',
      'STATE_',
      'SYSTEM_',
      'AGENT_',
      'BUILD_',
      'RELEASE_',
    ],
  },
  {
    why: 'the CI itself reads it',
    prefixes: ['ENDPOINT_', 'SECUREFILE_', 'VSTS_', 'CI_', 'GITLAB_', 'BUILDKITE_', 'CIRCLE_', 'BITBUCKET_'],
  },
];

/**
 * The name as a process would see it: upper case (proxy variables are read in either case, Windows
 * and Azure Pipelines ignore case) and Azure Pipelines' mapping of `.` and space to `_`.
 */
export function controlVariableKey(name: string): string {
  return name.toUpperCase().replace(/[. ]/g, '_');
}

/** Suffix rules (`*PATH`, `*_PROXY`) apply to environment names only, not to Azure's `/app/prod/db_path`. */
const ENV_KEY = /^[A-Z_][A-Z0-9_]*$/;

/** Names under a refused prefix that carry data, not control (an app's environment name). */
const DATA_NAMES: ReadonlySet<string> = new Set(['NODE_ENV']);

/** Why setting this variable would steer a later process, or undefined for a plain data name. */
export function controlVariableProblem(name: string): string | undefined {
  const key = controlVariableKey(name);
  if (DATA_NAMES.has(key)) return undefined;
  for (const group of GROUPS) {
    if (
      group.names?.includes(key) ||
      group.prefixes?.some((p) => key.startsWith(p)) ||
      (ENV_KEY.test(key) && group.suffixes?.some((s) => key.endsWith(s)))
    )
      return group.why;
  }
  return undefined;
}

/**
 * Whether a user listed exactly this name as one the step may set (`allow-control-variables`).
 * Exact spelling; case ignored only where the CI ignores it.
 */
export function isAllowedControlVariable(
  name: string,
  allowed: readonly string[],
  caseInsensitive: boolean,
): boolean {
  return allowed.some((a) => (caseInsensitive ? a.toLowerCase() === name.toLowerCase() : a === name));
}

/** A variable about to be set from data, and where it came from (for the error line). */
export interface NamedFromData {
  readonly name: string;
  readonly source: string;
}

export interface ControlVariableOptions {
  /** Names the user allowed exactly (`allow-control-variables`). */
  readonly allowed: readonly string[];
  /** Whether the CI ignores case in variable names (Azure Pipelines). */
  readonly caseInsensitive: boolean;
  /** How the user names the opt-in on this CI, for the hint (`allow-control-variables`, `--allow-control-variables`). */
  readonly allowInput: string;
}

/**
 * Refuses, in one line naming each parameter and name, every variable from data that would steer a
 * later process (see `controlVariableProblem`), unless the user listed that exact name. Every path
 * that turns data into variables (each CI's variables, the CLI's exports and `exec`) calls this.
 */
export function refuseControlVariables(
  variables: readonly NamedFromData[],
  options: ControlVariableOptions,
): void {
  const refused: string[] = [];
  for (const v of variables) {
    const why = controlVariableProblem(v.name);
    if (why && !isAllowedControlVariable(v.name, options.allowed, options.caseInsensitive))
      refused.push(`${JSON.stringify(v.name)} from ${v.source} (${why})`);
  }
  if (refused.length === 0) return;
  const shown = refused.length > 5 ? [...refused.slice(0, 5), `and ${refused.length - 5} more`] : refused;
  const first = variables.find((v) => controlVariableProblem(v.name))?.name ?? 'NAME';
  throw new CiKitError(
    'input',
    `${refused.length} variable name(s) from data would steer later commands, not carry data: ${shown.join('; ')}.`,
    {
      code: 'ControlVariableName',
      hint: `Map the parameter to a data name (\`name=VAR\`); if a later step really needs this variable set, allow that exact name with ${options.allowInput} (e.g. ${first}).`,
    },
  );
}
