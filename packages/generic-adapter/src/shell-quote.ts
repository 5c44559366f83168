/**
 * A POSIX shell word that is exactly `value`: single-quoted, each `'` written as `'\''`. Inside
 * single quotes nothing is special (no `$()`, backtick, `;`, newline or backslash), so a value read
 * from AWS can never become a command when the export script is `eval`ed.
 */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
