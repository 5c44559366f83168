/** A line made only of JSON/YAML punctuation (`{`, `},`, `]`) says nothing secret; masking it would star out every brace in the log. */
const STRUCTURE_ONLY = /^[\s{}[\](),:;"'`-]*$/;

/**
 * The pieces of a secret a CI must mask. CIs match masks within a line, so a multi-line value is
 * registered line by line (each line, and its trimmed form); lines of pure punctuation are left out.
 */
export function secretLines(secret: string): string[] {
  if (secret.trim() === '') return [];
  if (!/[\r\n]/.test(secret)) return [secret];
  const pieces = new Set<string>();
  for (const line of secret.split(/\r?\n|\r/)) {
    if (STRUCTURE_ONLY.test(line)) continue;
    pieces.add(line);
    const trimmed = line.trim();
    if (trimmed !== line) pieces.add(trimmed);
  }
  return [...pieces];
}
