/**
 * The GitHub Actions runner's side of the protocol, written from the runner's parsers
 * (FileCommandManager, ActionCommand, ActionCommandManager), to read what a step printed and wrote
 * the way the runner does.
 */

/** Reads one line as the runner does on Linux: up to `\n`, which is not part of the line. */
function readLine(text: string, index: number): { line: string; next: number; newline: boolean } | undefined {
  if (index >= text.length) return undefined;
  const lf = text.indexOf('\n', index);
  if (lf < 0) return { line: text.slice(index), next: text.length, newline: false };
  return { line: text.slice(index, lf), next: lf + 1, newline: true };
}

/**
 * Parses a file-command file (`GITHUB_ENV`, `GITHUB_OUTPUT`, `GITHUB_STATE`): `NAME=value` lines and
 * heredocs `NAME<<DELIMITER\nvalue\nDELIMITER`. Entries are returned in order (a name may repeat).
 * Throws on the formats the runner rejects.
 */
export function parseFileCommands(text: string): Array<[string, string]> {
  const entries: Array<[string, string]> = [];
  let cursor = readLine(text, 0);
  while (cursor) {
    const { line } = cursor;
    let next = cursor.next;
    if (line !== '') {
      const equals = line.indexOf('=');
      const heredoc = line.indexOf('<<');
      if (equals >= 0 && (heredoc < 0 || equals < heredoc)) {
        const key = line.slice(0, equals);
        if (key === '') throw new Error(`Invalid format '${line}'. Name must not be empty`);
        entries.push([key, line.slice(equals + 1)]);
      } else if (heredoc >= 0) {
        const key = line.slice(0, heredoc);
        const delimiter = line.slice(heredoc + 2);
        if (key === '' || delimiter === '') {
          throw new Error(`Invalid format '${line}'. Name must not be empty and delimiter must not be empty`);
        }
        const start = next;
        let end = next;
        let value = readLine(text, next);
        while (value?.line !== delimiter) {
          if (!value) throw new Error(`Invalid value. Matching delimiter not found '${delimiter}'`);
          if (!value.newline) throw new Error('Invalid value. EOF marker missing new line.');
          end = value.next - 1;
          value = readLine(text, value.next);
        }
        next = value.next;
        entries.push([key, end > start ? text.slice(start, end) : '']);
      } else {
        throw new Error(`Invalid format '${line}'`);
      }
    }
    cursor = readLine(text, next);
  }
  return entries;
}

export interface WorkflowCommand {
  readonly command: string;
  readonly properties: Readonly<Record<string, string>>;
  readonly data: string;
  /** Index of the output line that carried it. */
  readonly line: number;
}

/**
 * The commands the runner registers, matched case-insensitively (set-env and add-path are parsed,
 * then refused: still an injection).
 */
const REGISTERED = new Set([
  'add-mask',
  'add-matcher',
  'remove-matcher',
  'debug',
  'notice',
  'warning',
  'error',
  'group',
  'endgroup',
  'echo',
  'save-state',
  'set-output',
  'set-env',
  'add-path',
  'stop-commands',
]);

/** Applies `[escape, character]` replacements in the runner's order (`%25` last). */
const unescaper =
  (table: ReadonlyArray<readonly [string, string]>) =>
  (s: string): string =>
    table.reduce((text, [from, to]) => text.replaceAll(from, to), s);
const CR_LF = [
  ['%0D', '\r'],
  ['%0A', '\n'],
] as const;
const unescapeData = unescaper([...CR_LF, ['%25', '%']]);
const unescapeProperty = unescaper([...CR_LF, ['%3A', ':'], ['%2C', ','], ['%25', '%']]);
const unescapeV1 = unescaper([['%3B', ';'], ...CR_LF, ['%5D', ']'], ['%25', '%']]);

/** .NET's String.TrimStart(): Char.IsWhiteSpace, which (unlike JS) includes U+0085 and excludes U+FEFF. */
const DOTNET_LEADING_SPACE = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;

/** `name k=v<sep>k=v`: the command (lower-cased, if registered) and its unescaped properties. */
function parseHead(
  info: string,
  separator: string,
  decode: (s: string) => string,
  registered: ReadonlySet<string>,
): { command: string; properties: Record<string, string> } | undefined {
  const space = info.indexOf(' ');
  const command = (space < 0 ? info : info.slice(0, space)).toLowerCase();
  if (!registered.has(command)) return undefined;
  const properties: Record<string, string> = {};
  if (space > 0) {
    for (const pair of info.slice(space + 1).split(separator)) {
      const eq = pair.indexOf('=');
      if (pair === '' || eq <= 0) continue;
      properties[pair.slice(0, eq)] = decode(pair.slice(eq + 1));
    }
  }
  return { command, properties };
}

/** `::name k=v,k=v::data`, after trimming leading space as the runner does. */
function parseV2(line: string, registered: ReadonlySet<string>) {
  const message = line.replace(DOTNET_LEADING_SPACE, '');
  if (!message.startsWith('::')) return undefined;
  const end = message.indexOf('::', 2);
  if (end < 0) return undefined;
  const head = parseHead(message.slice(2, end), ',', unescapeProperty, registered);
  return head && { ...head, data: unescapeData(message.slice(end + 2)) };
}

/** The legacy `##[name k=v;]data`, found anywhere in a line. */
function parseV1(line: string, registered: ReadonlySet<string>) {
  const prefix = line.indexOf('##[');
  if (prefix < 0) return undefined;
  const rb = line.indexOf(']', prefix);
  if (rb < 0) return undefined;
  const head = parseHead(line.slice(prefix + 3, rb), ';', unescapeV1, registered);
  return head && { ...head, data: unescapeV1(line.slice(rb + 1)) };
}

/** The pseudo-command recorded for the `::TOKEN::` line that ends a `stop-commands` block. */
export const RESUME = '(resume-commands)';

/**
 * The workflow commands the runner acts on, in order, honouring `::stop-commands::TOKEN` (everything
 * is plain text until `::TOKEN::`, recorded as RESUME). Lines are stdout and stderr as the runner reads them.
 */
export function parseWorkflowCommands(lines: readonly string[]): WorkflowCommand[] {
  const commands: WorkflowCommand[] = [];
  let stopToken: string | undefined;
  lines.forEach((raw, index) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const registered = stopToken ? new Set([...REGISTERED, stopToken.toLowerCase()]) : REGISTERED;
    const parsed = parseV2(line, registered) ?? parseV1(line, registered);
    if (!parsed) return;
    if (stopToken) {
      if (parsed.command === stopToken.toLowerCase()) {
        stopToken = undefined;
        commands.push({ command: RESUME, properties: {}, data: parsed.command, line: index });
      }
      return;
    }
    if (parsed.command === 'stop-commands' && parsed.data !== '') stopToken = parsed.data;
    commands.push({ ...parsed, line: index });
  });
  return commands;
}
