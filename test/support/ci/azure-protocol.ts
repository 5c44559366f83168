/**
 * The Azure Pipelines agent's side of the protocol: a `##vso[area.action k=v;k=v]data` command is
 * found anywhere in a line (the first `##vso[`, in any case), properties split on `;`, values unescaped.
 */
export interface VsoCommand {
  /** `area.action`, e.g. `task.setvariable`. */
  readonly command: string;
  readonly properties: Readonly<Record<string, string>>;
  readonly data: string;
  /** Index of the output line that carried it. */
  readonly line: number;
}

const PREFIX = '##vso[';

/** The agent's unescaping (`%AZP25` last, so an escaped `%` never forms another escape). */
export function unescapeVso(text: string): string {
  return text
    .replaceAll('%0D', '\r')
    .replaceAll('%0A', '\n')
    .replaceAll('%3B', ';')
    .replaceAll('%5D', ']')
    .replaceAll('%AZP25', '%');
}

export function parseVsoLine(raw: string, index = 0): VsoCommand | undefined {
  const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
  const start = line.toLowerCase().indexOf(PREFIX);
  if (start < 0) return undefined;
  const rb = line.indexOf(']', start);
  if (rb < 0) return undefined;
  const info = line.slice(start + PREFIX.length, rb).trim();
  const space = info.indexOf(' ');
  const command = (space < 0 ? info : info.slice(0, space)).toLowerCase();
  if (!command.includes('.')) return undefined;
  const properties: Record<string, string> = {};
  if (space > 0) {
    for (const pair of info.slice(space + 1).split(';')) {
      const trimmed = pair.trim();
      if (trimmed === '') continue;
      const eq = trimmed.indexOf('=');
      if (eq <= 0) continue;
      properties[trimmed.slice(0, eq).toLowerCase()] = unescapeVso(trimmed.slice(eq + 1));
    }
  }
  return { command, properties, data: unescapeVso(line.slice(rb + 1)), line: index };
}

/** Every command the agent would act on, in order. */
export function parseVsoCommands(lines: readonly string[]): VsoCommand[] {
  const commands: VsoCommand[] = [];
  lines.forEach((line, index) => {
    const command = parseVsoLine(line, index);
    if (command) commands.push(command);
  });
  return commands;
}

/** `true`/`false` properties as the agent reads them (case-insensitive). */
export const isTrue = (value: string | undefined): boolean => (value ?? '').toLowerCase() === 'true';
