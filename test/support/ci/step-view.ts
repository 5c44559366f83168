/**
 * What one step run looked like to its CI, built from its output with the CI's own parsers:
 * GitHub's workflow commands and file commands, Azure's `##vso[` commands.
 */
import { isTrue, parseVsoCommands, type VsoCommand } from './azure-protocol.ts';
import { parseFileCommands, parseWorkflowCommands, type WorkflowCommand } from './github-protocol.ts';
import type { OutputEvent } from './mask-check.ts';

export type Ci = 'github' | 'azure';

/** A command the CI acted on, with its properties and data (GitHub and Azure share the shape). */
export type CiCommand = WorkflowCommand | VsoCommand;

export type Entries = ReadonlyArray<readonly [string, string]>;

export interface StepView {
  readonly exitCode: number | null;
  /** The lines the CI read: stdout and stderr merged in the order written (see RunStepOptions.splitStderr). */
  readonly lines: readonly string[];
  /** stderr on its own, when the run kept it apart (RunStepOptions.splitStderr). */
  readonly stderrLines?: readonly string[];
  /** Command names the CI acted on, in order. */
  readonly commands: readonly string[];
  /** The same commands with their properties and data. */
  readonly parsedCommands: readonly CiCommand[];
  /** Mask registrations and every text the CI logs or stores, in order (for assertMaskedBeforeUse). */
  readonly events: readonly OutputEvent[];
  /** Values the step registered as secrets (add-mask, setsecret, issecret=true), in order. */
  readonly masks: readonly string[];
  /** Last value per variable the CI records for later steps. */
  readonly variables: Readonly<Record<string, string>>;
  /** Variables whose last set was secret (Azure issecret=true). */
  readonly secretVariables: ReadonlySet<string>;
  /** Last value per output / per state key. */
  readonly outputs: Readonly<Record<string, string>>;
  readonly state: Readonly<Record<string, string>>;
  /** Every variable / output / state set, in order (a name may repeat): for "exactly these, once". */
  readonly recorded: { readonly variables: Entries; readonly outputs: Entries; readonly state: Entries };
  /** Error lines the CI shows (annotations / issues). */
  readonly errors: readonly string[];
  /**
   * The code each error line carries, index for index with `errors`: GitHub's annotation `title`
   * property, Azure's issue `code` property; undefined when the command has none.
   */
  readonly errorCodes: ReadonlyArray<string | undefined>;
  /** What a person reads in the log (commands rendered or hidden as the CI does; debug per mode). */
  readonly visible: readonly string[];
  /** The run summary, if the step wrote one. */
  readonly summary: string | undefined;
  /** GitHub: the raw file-command files (GITHUB_ENV, GITHUB_OUTPUT, GITHUB_STATE, GITHUB_STEP_SUMMARY). */
  readonly files?: Readonly<Record<string, string>>;
  readonly durationMs: number;
}

export const GITHUB_FILES = ['GITHUB_ENV', 'GITHUB_OUTPUT', 'GITHUB_STATE', 'GITHUB_STEP_SUMMARY'] as const;
export type GithubFile = (typeof GITHUB_FILES)[number];

/** How the step's process ended: its exit code, lines, and how long it took. */
export interface StepProcess {
  readonly code: number | null;
  readonly lines: readonly string[];
  readonly stderrLines?: readonly string[];
  readonly durationMs?: number;
}

/** A command property by name, as both CIs read them (case-insensitively); empty counts as absent. */
function property(command: CiCommand, name: string): string | undefined {
  const key = Object.keys(command.properties).find((k) => k.toLowerCase() === name);
  const value = key === undefined ? undefined : command.properties[key];
  return value === '' ? undefined : value;
}

function textEvents(text: string, where: string): OutputEvent[] {
  return text
    .split('\n')
    .map((line, n) => ({ kind: 'text', text: line, where: `${where}:${n + 1}` }) as const);
}

function commandTexts(
  data: string,
  properties: Readonly<Record<string, string>>,
  where: string,
  maskCommand: boolean,
): OutputEvent[] {
  return [data, ...Object.values(properties)]
    .filter((text) => text !== '')
    .map((text) => ({ kind: 'text', text, where: `${where} (command)`, maskCommand }) as const);
}

/** What a view collects while it walks the output, in order. */
interface Collected {
  readonly events: OutputEvent[];
  readonly masks: string[];
  readonly variables: Array<[string, string]>;
  readonly secretVariables: Set<string>;
  readonly outputs: Array<[string, string]>;
  readonly state: Array<[string, string]>;
  readonly errors: string[];
  readonly errorCodes: Array<string | undefined>;
  readonly visible: string[];
}

const collect = (): Collected => ({
  events: [],
  masks: [],
  variables: [],
  secretVariables: new Set(),
  outputs: [],
  state: [],
  errors: [],
  errorCodes: [],
  visible: [],
});

function finish(
  process: StepProcess,
  parsedCommands: readonly CiCommand[],
  parts: Collected & { readonly summary: string | undefined; readonly files?: Record<string, string> },
): StepView {
  return {
    exitCode: process.code,
    lines: process.lines,
    ...(process.stderrLines ? { stderrLines: process.stderrLines } : {}),
    commands: parsedCommands.map((command) => command.command),
    parsedCommands,
    events: parts.events,
    masks: parts.masks,
    variables: Object.fromEntries(parts.variables),
    secretVariables: parts.secretVariables,
    outputs: Object.fromEntries(parts.outputs),
    state: Object.fromEntries(parts.state),
    recorded: { variables: parts.variables, outputs: parts.outputs, state: parts.state },
    errors: parts.errors,
    errorCodes: parts.errorCodes,
    visible: parts.visible,
    summary: parts.summary,
    ...(parts.files ? { files: parts.files } : {}),
    durationMs: process.durationMs ?? 0,
  };
}

/**
 * GitHub's runner: workflow commands from the output lines, then (after the step exits) the
 * file-command files, given by their contents.
 */
export function githubView(
  name: string,
  process: StepProcess,
  files: Readonly<Record<GithubFile, string>>,
  debug: boolean,
): StepView {
  const { lines } = process;
  const commands = parseWorkflowCommands(lines);
  const byLine = new Map<number, WorkflowCommand>(commands.map((command) => [command.line, command]));
  const out = collect();
  const { events, visible, variables, outputs, state, errors, errorCodes } = out;
  lines.forEach((line, index) => {
    const where = `${name} output line ${index + 1}`;
    const command = byLine.get(index);
    const isMask = command?.command === 'add-mask';
    if (isMask) events.push({ kind: 'mask', value: command.data, where });
    events.push({ kind: 'text', text: line, where, maskCommand: isMask });
    if (!command) {
      visible.push(line);
      return;
    }
    events.push(...commandTexts(command.data, command.properties, where, isMask));
    const named = command.properties.name ?? '';
    if (command.command === 'set-env') variables.push([named, command.data]);
    if (command.command === 'set-output') outputs.push([named, command.data]);
    if (command.command === 'save-state') state.push([named, command.data]);
    if (command.command === 'error') {
      errors.push(command.data);
      errorCodes.push(property(command, 'title'));
    }
    if (['error', 'warning', 'notice', 'group'].includes(command.command)) visible.push(command.data);
    if (command.command === 'debug' && debug) visible.push(command.data);
  });
  // The runner reads the file commands after the step exits.
  for (const file of GITHUB_FILES) events.push(...textEvents(files[file], `${name} ${file}`));
  variables.push(...parseFileCommands(files.GITHUB_ENV));
  outputs.push(...parseFileCommands(files.GITHUB_OUTPUT));
  state.push(...parseFileCommands(files.GITHUB_STATE));
  const summary = files.GITHUB_STEP_SUMMARY;
  out.masks.push(
    ...commands.filter((command) => command.command === 'add-mask').map((command) => command.data),
  );
  return finish(process, commands, {
    ...out,
    summary: summary === '' ? undefined : summary,
    files: { ...files },
  });
}

/** The Azure Pipelines agent: `##vso[` commands; `readFileAt` reads files named by uploadsummary. */
export function azureView(
  name: string,
  process: StepProcess,
  debug: boolean,
  readFileAt: (path: string) => string | undefined,
): StepView {
  const { lines } = process;
  const commands = parseVsoCommands(lines);
  const byLine = new Map<number, VsoCommand>(commands.map((command) => [command.line, command]));
  const out = collect();
  const { events, visible, masks, variables, secretVariables, outputs, state, errors, errorCodes } = out;
  let summary: string | undefined;
  lines.forEach((line, index) => {
    const where = `${name} output line ${index + 1}`;
    const command = byLine.get(index);
    const secret =
      command?.command === 'task.setsecret' ||
      ((command?.command === 'task.setvariable' || command?.command === 'task.settaskvariable') &&
        isTrue(command.properties.issecret));
    if (command && secret && command.data !== '') {
      masks.push(command.data);
      events.push({ kind: 'mask', value: command.data, where });
    }
    const isMask = command?.command === 'task.setsecret';
    events.push({ kind: 'text', text: line, where, maskCommand: isMask });
    if (!command) {
      if (line.startsWith('##[error]')) {
        errors.push(line.slice('##[error]'.length));
        errorCodes.push(undefined);
      }
      visible.push(line);
      return;
    }
    events.push(...commandTexts(command.data, command.properties, where, isMask));
    const variable = command.properties.variable ?? '';
    if (command.command === 'task.setvariable') {
      if (isTrue(command.properties.isoutput)) outputs.push([variable, command.data]);
      else {
        variables.push([variable, command.data]);
        if (isTrue(command.properties.issecret)) secretVariables.add(variable);
        else secretVariables.delete(variable);
      }
    }
    if (command.command === 'task.settaskvariable') state.push([variable, command.data]);
    const issue = command.command === 'task.issue' || command.command === 'task.logissue';
    if (issue && command.properties.type === 'error') {
      errors.push(command.data);
      errorCodes.push(property(command, 'code'));
    }
    if (issue) visible.push(command.data);
    if (command.command === 'task.debug' && debug) visible.push(command.data);
    if (command.command === 'task.uploadsummary') {
      const content = readFileAt(command.data);
      if (content !== undefined) {
        summary = summary === undefined ? content : `${summary}\n${content}`;
        events.push(...textEvents(content, `${name} summary ${command.data}`));
      }
    }
  });
  return finish(process, commands, { ...out, summary });
}
