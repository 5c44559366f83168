/** A table cell: text, or `{ code }` for a value shown as code (an image URI, a digest). */
export type TableCell = string | { readonly code: string };

/** Text safe in a GitHub-flavoured markdown table cell: one line, `|` escaped, no HTML. */
function escapeCell(text: string): string {
  return text.replace(/[|\r\n<>]/g, (c) => ({ '|': '\\|', '<': '&lt;', '>': '&gt;' })[c] ?? ' ');
}

function renderCell(cell: TableCell): string {
  if (typeof cell === 'string') return escapeCell(cell);
  return `\`${escapeCell(cell.code.replace(/`/g, "'"))}\``;
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
