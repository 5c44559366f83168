import { envNameProblem } from './env-name.ts';
import { CiKitError } from './errors.ts';

/**
 * Why `NAME='value'` would not read back byte-exact in python-dotenv, the `dotenv` npm package and
 * bash (`set -a; source file`), or undefined. The portable subset: any text, line feeds and tabs
 * included, but no single quote (no reader agrees on escaping one), no carriage return (npm `dotenv`
 * turns it into a line feed), no backslash before another backslash or at the end (python-dotenv
 * reads `\\` as one, and a final `\'` as an escaped quote), no `${` (python-dotenv interpolates it by
 * default, even in single quotes) and no other control character.
 */
function valueProblem(value: string): string | undefined {
  if (value.includes("'")) return 'a single quote';
  if (value.includes('\r')) return 'a carriage return';
  if (value.includes('\\\\')) return 'two backslashes in a row';
  if (value.endsWith('\\')) return 'a backslash at the end';
  if (value.includes('${'))
    return `a $\{…} reference (python-dotenv expands it by default, even in single quotes)`;
  if (/[\u0000-\u0008\u000b-\u001f\u007f\u0085\u2028\u2029]/.test(value)) return 'a control character';
  return undefined;
}

/**
 * A dotenv file that python-dotenv (interpolation on or off), npm `dotenv` and bash's `source` all
 * read back byte-exact: one `NAME='value'` per variable (single quotes: literal everywhere, no `$`
 * expansion, `#` and `=` kept, line feeds inside the quotes). A name or value outside that subset
 * is refused in one line naming it and where it came from; nothing is written half.
 */
export function formatDotenv(
  entries: ReadonlyArray<{ readonly name: string; readonly value: string; readonly source?: string }>,
  input = 'dotenv-file',
): string {
  for (const { name, value, source } of entries) {
    const from = source ? ` (from ${source})` : '';
    const nameProblem = envNameProblem(name);
    if (nameProblem) {
      throw new CiKitError(
        'input',
        `${JSON.stringify(name)}${from} cannot be a dotenv variable name: ${nameProblem}.`,
        {
          code: 'InvalidVariableName',
          hint: `Map the value to a name like DB_PASSWORD, or leave \`${input}\` unset.`,
        },
      );
    }
    const problem = valueProblem(value);
    if (problem) {
      throw new CiKitError(
        'input',
        `The value of ${name}${from} has ${problem}, which a dotenv file cannot hold so that python-dotenv, dotenv (npm) and bash read it alike.`,
        {
          code: 'DotenvUnsafeValue',
          hint: `Leave \`${input}\` unset for this value (the variable is still set), or store the value without it (e.g. base64).`,
        },
      );
    }
  }
  return entries.map((e) => `${e.name}='${e.value}'\n`).join('');
}
