import { randomUUID } from 'node:crypto';

/**
 * A line the runner would read as a workflow command: `::name::` after leading space, or the
 * legacy `##[name]` form, which the runner still honours anywhere in a line.
 */
const COMMAND_LINE = /^\s*::|##\[/m;

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
