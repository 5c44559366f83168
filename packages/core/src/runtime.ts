import type { LogCommandSyntax } from './guard-output.ts';

/**
 * The rules that differ per CI, said by the adapter, so that no step and no core code asks which CI
 * it runs on. A new CI is a new adapter that fills these in; nothing else changes.
 */
export interface CiRules {
  /** The CI's name in messages: `GitHub Actions`, `Azure Pipelines`. */
  readonly displayName: string;
  /**
   * Starts default role session names and is the `CI` session tag: `GitHubActions`, `AzurePipelines`,
   * `aws-ci-kit`. Letters, digits and `-` only.
   */
  readonly sessionPrefix: string;
  /**
   * The naming style this CI's users write: a key of `InputSpec.styles` (e.g. `toolkit`, the AWS
   * Toolkit for Azure DevOps' camelCase names and defaults). A style no spec lists reads the main
   * (kebab-case) names: configure-aws-credentials' and the CLI's.
   */
  readonly inputNaming: string;
  /** Why the CI would reject or mishandle a variable of this name, or `undefined` when it is fine. */
  variableNameProblem(name: string): string | undefined;
  /** The fix hint when `variableNameProblem` refused names. */
  readonly variableNameHint: string;
  /** Whether `FOO` and `foo` are the same variable on this CI (Azure Pipelines: yes). */
  readonly caseInsensitiveVariables: boolean;
  /**
   * `undefined` when this run may set multi-line secret variables; otherwise the fix hint (Azure
   * Pipelines refuses them unless the pipeline sets `System.UnsafeAllowMultilineSecret`).
   */
  multilineSecretHint(): string | undefined;
  /** The fix hint when no credential source was found. */
  readonly noCredentialsHint: string;
  /** The credential sources tried on this CI, for the "none found" message (no other CI's sources). */
  readonly credentialSources: string;
  /** The fix hint when no region is configured, in this CI's words. */
  readonly regionHint: string;
  /** What this CI's log parser reads as a command: every printed line goes through `guardOutput` with it. */
  readonly logCommands: LogCommandSyntax;
  /** How a hint names an input on this CI: `` `name` `` for a step input, `` `--name` `` for a CLI flag. */
  inputLabel(name: string): string;
  /**
   * The role session name this CI's users expect when none is given, if it is a fixed one (GitHub:
   * configure-aws-credentials' `GitHubActions`, which trust policies and CloudTrail queries may
   * match); else one is built from `sessionPrefix` and the run.
   */
  readonly roleSessionName?: string;
  /**
   * The session tags this CI's users expect (GitHub: configure-aws-credentials' keys, which trust and
   * permission policies may test as `aws:PrincipalTag/...`); else core's run tags.
   */
  readonly sessionTags?: Readonly<Record<string, string>>;
  /**
   * Whether `idToken()` can issue an OIDC token for the job itself, without a service connection
   * (GitHub: the job has `permissions: id-token: write`). The web identity source asks this.
   */
  readonly jobIdToken: boolean;
  /**
   * Whether this CI runs the step's post step at the end of the job (GitHub, Azure Pipelines), which
   * restores and cleans what the main step changed. When false, a step saves nothing for a post step
   * (no copy of previous values on disk: nothing would ever read or remove it).
   */
  readonly postStep: boolean;
}

/** What the CI tells us about the run, read from each CI's own variables. */
export interface RunContext {
  readonly repository?: string;
  readonly pipeline?: string;
  readonly runId?: string;
  readonly runAttempt?: string;
  readonly commitSha?: string;
  readonly branch?: string;
  readonly actor?: string;
  readonly serverUrl?: string;
  /** Where the repository is browsed (`org.opencontainers.image.source`). */
  readonly repositoryUrl?: string;
  /** The job's checkout folder, where a relative file path an input names is found (else the working directory). */
  readonly workspace?: string;
}

/** A service connection (Azure Pipelines endpoint) as the task sees it. */
export interface ServiceConnection {
  readonly id: string;
  readonly url?: string | undefined;
  readonly scheme?: string | undefined;
  /** Authorization parameters (e.g. username, password, sessionToken, assumeRoleArn). */
  readonly auth: Readonly<Record<string, string>>;
  /** Endpoint data (non-secret fields). */
  readonly data: Readonly<Record<string, string>>;
}

export interface ExecOptions {
  /** Written to the child's standard input, then closed. The only way to pass a secret to a tool. */
  readonly stdin?: string | Uint8Array;
  /** Added to the child's environment. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Do not echo the child's output to the log. */
  readonly silent?: boolean;
  readonly cwd?: string;
  /** Resolve with the exit code instead of throwing on a non-zero exit. */
  readonly ignoreReturnCode?: boolean;
  /**
   * Print the tool's output as it is, so it may issue CI commands (`##vso[task.setvariable ...]`,
   * `::add-mask::`): only for a script the pipeline's author wrote (a shell-script task), never for a
   * tool whose output can carry values read from AWS. The CI still masks every registered secret.
   */
  readonly passCommands?: boolean;
}

export interface ExecResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warning(message: string): void;
  error(message: string): void;
  /** Runs `fn` inside a collapsible log group. */
  group<T>(title: string, fn: () => Promise<T>): Promise<T>;
}

export interface StateStore {
  save(key: string, value: string): void;
  get(key: string): string | undefined;
}

export interface IdTokenRequest {
  readonly audience?: string;
  /** Azure Pipelines: the service connection the token is issued for. */
  readonly serviceConnectionId?: string;
}

export interface VariableOptions {
  /** Mask the value (line by line) and mark it secret where the CI supports it. */
  readonly secret?: boolean;
}

/**
 * The port between CI-agnostic steps and a CI. Adapters implement it; steps receive it.
 * Core code never reads process.env, writes stdout or imports a CI library: it asks the runtime.
 */
export interface CiRuntime {
  /** Informational: which CI this is (logs, provenance). Never branch on it; ask `rules`. */
  readonly ci: string;
  /** What differs per CI. */
  readonly rules: CiRules;
  readonly context: RunContext;
  /** A step input, trimmed; `undefined` when unset or empty. */
  input(name: string): string | undefined;
  /** A pipeline variable or environment variable visible to the step. */
  variable(name: string): string | undefined;
  /** The environment the step runs in (for SDK providers that read it). Read-only snapshot. */
  environment(): Readonly<Record<string, string | undefined>>;
  /** An Azure service connection by id (from a `connectedService:` input). */
  endpoint?(id: string): ServiceConnection | undefined;
  /** Registers a secret with the CI so it is masked in all later output. Multi-line values are masked line by line. */
  mask(secret: string): void;
  /**
   * Whether the CI masks this value: registered with `mask` in this step, or (Azure Pipelines) a secret
   * variable of the pipeline. GitHub tells an action nothing about masks registered by other steps.
   */
  isMasked?(value: string): boolean;
  /** Sets a variable for later steps (GitHub: environment file; Azure: task.setvariable). */
  setVariable(name: string, value: string, options?: VariableOptions): void;
  setOutput(name: string, value: string, options?: VariableOptions): void;
  /** Main-to-post step state. */
  readonly state: StateStore;
  /**
   * Requests an OIDC id token from the CI (masked before it is returned). GitHub honours `audience`;
   * Azure Pipelines issues the token for a service connection and fixes the audience itself.
   */
  idToken?(request?: IdTokenRequest): Promise<string>;
  exec(command: string, args: readonly string[], options?: ExecOptions): Promise<ExecResult>;
  readonly log: Logger;
  /** Appends markdown to the run summary. */
  summary(markdown: string): Promise<void>;
  /** Marks the step failed with one clear line; sets a non-zero exit code. Never exits the process. */
  fail(error: unknown): void;
  /** A directory private to this job for temporary files. */
  readonly tempDir: string;
  /**
   * A folder this machine keeps between jobs, for caches that hold no secret (ecr-push's layer
   * record): the runner's tool cache, the agent's tools folder, the user's cache folder. Unset: none.
   */
  readonly cacheDir?: string;
  /** Whether the CI asked for debug output (ACTIONS_STEP_DEBUG / System.Debug). */
  readonly isDebug: boolean;
}

/** A step is CI-agnostic: it receives the runtime and does its work through it. */
export type Step = (runtime: CiRuntime) => Promise<void>;
