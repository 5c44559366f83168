/** The most of a value an error line shows; a longer one is cut and its length said. */
const MAX = 60;

/**
 * A value for an error line: quoted, control characters shown as escapes, and cut after 60
 * characters so a 10 KB value does not fill the log (`"aaaa…" (10240 characters)`).
 */
export function quoteValue(value: string): string {
  const shown = [...value].slice(0, MAX).join('');
  const escaped = JSON.stringify(shown).replace(
    /[\u007f-\u009f\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return shown.length < value.length ? `${escaped.slice(0, -1)}…" (${value.length} characters)` : escaped;
}
