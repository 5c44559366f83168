/**
 * The pieces of a secret a CI must mask: the whole value and, for multi-line values,
 * each non-blank line (CIs mask line by line, so a whole multi-line value alone would leak its lines).
 */
export function secretLines(secret: string): string[] {
  if (secret.trim() === '') return [];
  const pieces = new Set<string>();
  if (!/[\r\n]/.test(secret)) {
    pieces.add(secret);
    return [...pieces];
  }
  for (const line of secret.split(/\r?\n|\r/)) {
    if (line.trim() !== '') pieces.add(line);
    const trimmed = line.trim();
    if (trimmed !== '' && trimmed !== line) pieces.add(trimmed);
  }
  return [...pieces];
}
