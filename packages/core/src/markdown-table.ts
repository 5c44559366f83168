import { escapeControls } from './guard-output.ts';

/** A table cell: text, or `{ code }` for a value shown as code (an image URI, a digest). */
export type TableCell = string | { readonly code: string };

const ENTITIES: Readonly<Record<string, string>> = { '<': '&lt;', '>': '&gt;', '&': '&amp;' };

/**
 * Text that renders as text in a GitHub-flavoured markdown table cell: one line, control characters
 * escaped, `|` escaped, HTML as entities, and every markdown punctuation character that could start
 * markup (an image `![p](…)`, a link `[x](…)` or autolink `https://…`, emphasis, a heading) backslash-escaped.
 */
function escapeCell(text: string): string {
  return escapeControls(text.replace(/[\r\n]+/g, ' '))
    .replace(/[<>&]/g, (c) => ENTITIES[c] ?? c)
    .replace(/[\\`*_{}[\]()#+!~|:.@]/g, (c) => `\\${c}`);
}

/** Inside a code span only `|` needs escaping (GFM splits cells first); backticks cannot end it. */
function escapeCode(text: string): string {
  return escapeControls(text.replace(/[\r\n]+/g, ' '))
    .replace(/`/g, "'")
    .replace(/\|/g, '\\|');
}

function renderCell(cell: TableCell): string {
  if (typeof cell === 'string') return escapeCell(cell);
  return `\`${escapeCode(cell.code)}\``;
}

/**
 * A markdown table for a run summary; every cell is escaped, so a value read from AWS or a registry
 * cannot break the table or inject markup. `align` per column: `left` (default) or `right`.
 */
export function markdownTable(
  header: readonly TableCell[],
  rows: readonly (readonly TableCell[])[],
  align: readonly ('left' | 'right')[] = [],
): string {
  const line = (cells: readonly TableCell[]): string => `| ${cells.map(renderCell).join(' | ')} |`;
  const rule = `| ${header.map((_, i) => (align[i] === 'right' ? '---:' : '---')).join(' | ')} |`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}
