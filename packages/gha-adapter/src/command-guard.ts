import { randomUUID } from 'node:crypto';

/**
 * A line the runner would read as a workflow command: `::name::` after leading space (the runner
 * trims .NET white space, which also counts U+0085), or the legacy `##[name]` form, which the runner
 * honours anywhere in a line. Lines end at CR or LF, as the runner reads them.
 */
const COMMAND_LINE = /^[\s\u0085]*::|##\[/m;

/**
 * Text for the log that can never become a workflow command: when any line of it would parse
 * as one, the text is wrapped in `::stop-commands::` with a random token, the runner's own
 * mechanism for printing untrusted output.
 */
export function guardCommands(text: string): string {
  if (!COMMAND_LINE.test(text)) return text;
  const token = `akit-${randomUUID()}`;
  return `::stop-commands::${token}\n${text}\n::${token}::`;
}
