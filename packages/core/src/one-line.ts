/**
 * Text on one line: line breaks and runs of white space become one space, trimmed; cut to `max`
 * characters when given. No CI escaping here: the adapters neutralise command syntax in what they print.
 */
export function oneLine(text: string, max?: number): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return max !== undefined && line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
