import { tmpdir } from 'node:os';
import { envNameProblem } from '../env-name.ts';
import { describeError } from '../errors.ts';
import { ANY_CI_LOG_COMMANDS } from '../guard-output.ts';
import type {
  CiRules,
  CiRuntime,
  ExecOptions,
  ExecResult,
  IdTokenRequest,
  Logger,
  RunContext,
  ServiceConnection,
  VariableOptions,
} from '../runtime.ts';
import { secretLines } from '../secret-lines.ts';

export type LogLevel = 'debug' | 'info' | 'warning' | 'error';

/** Everything a step did through the runtime, in order. */
export type RecordedEvent =
  | { readonly kind: 'mask'; readonly value: string }
  | {
      readonly kind: 'variable' | 'output';
      readonly name: string;
      readonly value: string;
      readonly secret: boolean;
    }
  | { readonly kind: 'state'; readonly key: string; readonly value: string }
  | { readonly kind: 'log'; readonly level: LogLevel; readonly message: string }
  | { readonly kind: 'group'; readonly title: string }
  | { readonly kind: 'exec'; readonly command: string; readonly args: readonly string[] }
  | { readonly kind: 'summary'; readonly markdown: string }
  | { readonly kind: 'fail'; readonly message: string };

export interface ExecCall {
  readonly command: string;
  readonly args: readonly string[];
  readonly options: ExecOptions;
}

export type ExecHandler = (
  command: string,
  args: readonly string[],
  options: ExecOptions,
) => Promise<ExecResult>;

export interface RecordingRuntimeOptions {
  /** Informational (default `test`). A CI's names and rules come from `rules` (each adapter's `testing` has them). */
  readonly ci?: string;
  /**
   * The CI's rules, over lenient defaults (environment variable names, multi-line secrets allowed, a job
   * id token when `idToken` is given). Pass an adapter's own (`azurePipelinesRules`) to test its rules.
   */
  readonly rules?: Partial<CiRules>;
  /** Step inputs by name; read trimmed, empty as unset (as the adapters do). */
  readonly inputs?: Readonly<Record<string, string>>;
  /** Pipeline variables `variable()` sees before the environment. */
  readonly variables?: Readonly<Record<string, string>>;
  /** The step's environment (`environment()`, and `variable()` after `variables`). Read live. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly context?: RunContext;
  readonly debug?: boolean;
  /** Azure service connections by id (makes `endpoint` available). */
  readonly endpoints?: Readonly<Record<string, ServiceConnection>>;
  /** Makes `idToken` available. */
  readonly idToken?: (request?: IdTokenRequest) => Promise<string>;
  /** Answers `exec` (after it is recorded). Without it, `exec` rejects: the step was not expected to run tools. */
  readonly exec?: ExecHandler;
  /** The state a previous (main) run saved, for a post step; it is shared, not copied. */
  readonly state?: Map<string, string>;
  /** Default: the OS temp directory. */
  readonly tempDir?: string;
  /** The machine's cache folder (`cacheDir`); unset: none. */
  readonly cacheDir?: string;
}

export interface RecordedValue {
  readonly value: string;
  readonly secret: boolean;
}

export interface RecordingRuntime extends CiRuntime {
  /** Everything, in order: what a test asserts "mask before use" on. */
  readonly events: RecordedEvent[];
  /** Values passed to `mask` (and secret variables/outputs), as given, in order. */
  readonly masks: string[];
  readonly masked: Set<string>;
  /** Last value per variable / output the step set. */
  readonly variables: Map<string, RecordedValue>;
  readonly outputs: Map<string, RecordedValue>;
  /** The state store's content (shared with `options.state` when given). */
  readonly stateMap: Map<string, string>;
  readonly logs: Array<{ readonly level: LogLevel; readonly message: string }>;
  readonly execs: ExecCall[];
  readonly summaries: string[];
  /** What `fail` received, as given. */
  readonly failures: unknown[];
  /** All log messages, one per line, in order. */
  logText(): string;
  /** The log as a CI would print it: levels marked, each line masked with the masks registered before it. */
  printed(): string;
  /**
   * Events that carried `secret` (or a line of it) in clear before a mask covering it was registered:
   * log and failure messages, group titles, command lines, summaries, state and non-secret values.
   */
  unmaskedUses(secret: string): RecordedEvent[];
}

/** Replaces every mask piece in `text` with `***`, longest first, as a CI's masker does. */
function applyMasks(text: string, pieces: Iterable<string>): string {
  let out = text;
  for (const piece of [...pieces].sort((a, b) => b.length - a.length)) {
    if (piece !== '') out = out.split(piece).join('***');
  }
  return out;
}

/** The text of an event a CI would show or store, if it carries any. */
function eventText(event: RecordedEvent): string | undefined {
  switch (event.kind) {
    case 'mask':
      return undefined;
    case 'variable':
    case 'output':
      return event.secret ? undefined : event.value;
    case 'state':
      return event.value;
    case 'log':
    case 'fail':
      return event.message;
    case 'group':
      return event.title;
    case 'exec':
      return [event.command, ...event.args].join(' ');
    case 'summary':
      return event.markdown;
  }
}

/** What a recording runtime keeps: the fields of `RecordingRuntime` that are not the port's. */
type Records = Pick<
  RecordingRuntime,
  | 'events'
  | 'masks'
  | 'masked'
  | 'variables'
  | 'outputs'
  | 'stateMap'
  | 'logs'
  | 'execs'
  | 'summaries'
  | 'failures'
>;

/** The log as a CI would print it: levels marked, each line masked with the masks registered before it. */
function printedLog(events: readonly RecordedEvent[]): string {
  const pieces: string[] = [];
  const lines: string[] = [];
  for (const event of events) {
    if (event.kind === 'mask') pieces.push(...secretLines(event.value));
    if (event.kind !== 'log') continue;
    const line = event.level === 'info' ? event.message : `[${event.level}] ${event.message}`;
    lines.push(applyMasks(line, pieces));
  }
  return lines.join('\n');
}

/** Events that carried `secret` (or a line of it) in clear before a mask covering it was registered. */
function unmaskedUses(events: readonly RecordedEvent[], secret: string): RecordedEvent[] {
  const wanted = secretLines(secret);
  const pieces: string[] = [];
  const uses: RecordedEvent[] = [];
  for (const event of events) {
    if (event.kind === 'mask') {
      pieces.push(...secretLines(event.value));
      continue;
    }
    const text = eventText(event);
    if (text === undefined) continue;
    const shown = applyMasks(text, pieces);
    if (wanted.some((piece) => shown.includes(piece))) uses.push(event);
  }
  return uses;
}

/** The recorded log: every level and group title as an event. */
function recordedLog(records: Records): Logger {
  const log =
    (level: LogLevel) =>
    (message: string): void => {
      records.events.push({ kind: 'log', level, message });
      records.logs.push({ level, message });
    };
  return {
    debug: log('debug'),
    info: log('info'),
    warning: log('warning'),
    error: log('error'),
    group: async (title, fn) => {
      records.events.push({ kind: 'group', title });
      return fn();
    },
  };
}

/** `exec`, recorded first, then answered by the test's handler (rejects without one). */
function recordedExec(records: Records, handler: ExecHandler | undefined): CiRuntime['exec'] {
  return async (command, args, opts = {}) => {
    records.events.push({ kind: 'exec', command, args: [...args] });
    records.execs.push({ command, args: [...args], options: opts });
    if (!handler) throw new Error(`exec ${command} was not expected (give recordingRuntime an exec handler)`);
    return handler(command, args, opts);
  };
}

/** mask, setVariable, setOutput, state, summary and fail, each recorded. */
function recordedEffects(records: Records) {
  const mask = (value: string): void => {
    records.events.push({ kind: 'mask', value });
    records.masks.push(value);
    records.masked.add(value);
  };
  const set =
    (kind: 'variable' | 'output', into: Map<string, RecordedValue>) =>
    (name: string, value: string, opts?: VariableOptions): void => {
      const secret = opts?.secret ?? false;
      if (secret) mask(value);
      records.events.push({ kind, name, value, secret });
      into.set(name, { value, secret });
    };
  return {
    mask,
    isMasked: (value: string) => records.masked.has(value),
    setVariable: set('variable', records.variables),
    setOutput: set('output', records.outputs),
    state: {
      save: (key: string, value: string) => {
        records.events.push({ kind: 'state', key, value });
        records.stateMap.set(key, value);
      },
      get: (key: string) => records.stateMap.get(key),
    },
    summary: async (markdown: string) => {
      records.events.push({ kind: 'summary', markdown });
      records.summaries.push(markdown);
    },
    fail: (error: unknown) => {
      records.events.push({ kind: 'fail', message: describeError(error) });
      records.failures.push(error);
    },
  };
}

/**
 * A CiRuntime for unit tests: inputs, variables and environment from options, every call recorded
 * in order (masks, variables, outputs, state, logs, commands, summaries, failures). Nothing is
 * printed or run: `exec` is answered by `options.exec`, and rejects without it.
 */
export function recordingRuntime(options: RecordingRuntimeOptions = {}): RecordingRuntime {
  const records: Records = {
    events: [],
    masks: [],
    masked: new Set<string>(),
    variables: new Map<string, RecordedValue>(),
    outputs: new Map<string, RecordedValue>(),
    stateMap: options.state ?? new Map<string, string>(),
    logs: [],
    execs: [],
    summaries: [],
    failures: [],
  };
  const env = options.env ?? {};
  return {
    ...records,
    ci: options.ci ?? 'test',
    rules: { ...defaultRules(options.idToken !== undefined), ...options.rules },
    context: options.context ?? {},
    tempDir: options.tempDir ?? tmpdir(),
    ...(options.cacheDir ? { cacheDir: options.cacheDir } : {}),
    isDebug: options.debug ?? false,
    input: (name) => {
      const value = options.inputs?.[name]?.trim();
      return value ? value : undefined;
    },
    variable: (name) => options.variables?.[name] ?? env[name],
    environment: () => ({ ...env }),
    ...(options.endpoints ? { endpoint: (id: string) => options.endpoints?.[id] } : {}),
    ...(options.idToken ? { idToken: options.idToken } : {}),
    ...recordedEffects(records),
    exec: recordedExec(records, options.exec),
    log: recordedLog(records),
    logText: () => records.logs.map((entry) => entry.message).join('\n'),
    printed: () => printedLog(records.events),
    unmaskedUses: (secret) => unmaskedUses(records.events, secret),
  };
}

/** Test rules: configure-aws-credentials' names and session name, and otherwise what a plain shell allows. */
function defaultRules(idToken: boolean): CiRules {
  return {
    displayName: 'the CI',
    sessionPrefix: 'GitHubActions',
    inputNaming: 'kebab',
    variableNameProblem: envNameProblem,
    variableNameHint: 'Map the parameter to a valid name (`/path/name=VAR`).',
    caseInsensitiveVariables: false,
    multilineSecretHint: () => undefined,
    noCredentialsHint: 'Set `role-to-assume`, or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY.',
    credentialSources: 'step inputs, OIDC, environment, shared config files, container and instance metadata',
    regionHint: 'Set the region input (or AWS_REGION, or `region` in the profile).',
    logCommands: ANY_CI_LOG_COMMANDS,
    inputLabel: (name) => `\`${name}\``,
    jobIdToken: idToken,
    postStep: true,
  };
}
