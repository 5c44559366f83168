/**
 * What a CI's log parser reads as a command, said by the runtime (`CiRules.logCommands`): markers
 * honoured at the start of a line (after white space), and markers honoured anywhere in a line.
 */
export interface LogCommandSyntax {
  /** e.g. GitHub's `::` (`::set-env …`, `::add-mask::…`). */
  readonly atLineStart: readonly string[];
  /** e.g. Azure's `##vso[` and `##[`, GitHub's legacy `##[`. */
  readonly anywhere: readonly string[];
}

/** Both GitHub's and Azure's syntax: for output that either CI's script step may read (the CLI's stderr). */
export const ANY_CI_LOG_COMMANDS: LogCommandSyntax = {
  atLineStart: ['::'],
  anywhere: ['##vso[', '##['],
};

const ZWSP = '\u200b';
/** C0 controls except tab and line breaks, DEL, C1 controls (NEL included): shown as `\u001b`. */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;
const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Control characters (ESC, NUL, other C0/C1, DEL; not tab, CR or LF) shown as `\u001b` escapes. */
export function escapeControls(text: string): string {
  return text.replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function guardLine(line: string, syntax: LogCommandSyntax): string {
  let out = line;
  for (const marker of syntax.anywhere) {
    // A zero-width space after the first two characters: reads the same, never parses.
    out = out.replace(new RegExp(escapeRegExp(marker), 'gi'), (m) => `${m.slice(0, 2)}${ZWSP}${m.slice(2)}`);
  }
  const lead = /^\s*/.exec(out)?.[0] ?? '';
  if (syntax.atLineStart.some((marker) => out.slice(lead.length).startsWith(marker)))
    out = `${lead}${ZWSP}${out.slice(lead.length)}`;
  return out;
}

/**
 * The one guard for every line printed (logs, errors, tool output, titles): control characters shown
 * escaped, line breaks kept as LF (a lone CR is a line break to the runner and the agent, so it is
 * one here too), and no line can start or contain a command of the given syntax.
 */
export function guardOutput(text: string, syntax: LogCommandSyntax): string {
  return escapeControls(text)
    .split(/\r\n|\r|\n/)
    .map((line) => guardLine(line, syntax))
    .join('\n');
}

/** `guardOutput` on one line: line breaks become spaces first (group titles, error lines). */
export function guardOneLine(text: string, syntax: LogCommandSyntax): string {
  return guardOutput(text.replace(/[\r\n]+/g, ' '), syntax);
}
