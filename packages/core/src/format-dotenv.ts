import { envNameProblem } from './env-name.ts';
import { CiKitError } from './errors.ts';

/**
 * What every quoting refuses: a carriage return (npm `dotenv` turns it into a line feed), a `${…}`
 * reference (python-dotenv interpolates it by default, whatever the quotes) and NUL (no environment holds it).
 * Other control characters (ESC, BEL, DEL, C1) read back alike in both quotings.
 */
function commonProblem(value: string): string | undefined {
  if (value.includes('\r')) return 'a carriage return';
  // python-dotenv's own pattern (`${NAME}`, `${NAME:-default}`): a `${` it would not expand is kept.
  if (/\$\{[^}:]*(?::-[^}]*)?\}/.test(value))
    return `a $\{…} reference (python-dotenv expands it by default, whatever the quotes)`;
  if (value.includes('\u0000')) return 'a NUL character';
  return undefined;
}

/**
 * Why `NAME='value'` would not read back byte-exact in the three readers: a single quote (no reader
 * agrees on escaping one), two backslashes in a row or one at the end (python-dotenv reads `\\` as
 * one, and a final `\'` as an escaped quote).
 */
function singleQuoteProblem(value: string): string | undefined {
  if (value.includes("'")) return 'a single quote';
  if (value.includes('\\\\')) return 'two backslashes in a row';
  if (value.endsWith('\\')) return 'a backslash at the end';
  return undefined;
}

/**
 * Why `NAME="value"` would not: `"` or a backtick (bash ends or expands on them), a `$` that starts
 * an expansion in bash (before a name, a digit, `{ ( [`, a special parameter `$ ! ? # @ * -` or any
 * non-ASCII character; any other `$` is kept as is), or a backslash before a character some reader
 * unescapes (`\\ \' \" \a \b \f \n \r \t \v \$ \`` and a line feed) or at the end.
 */
function doubleQuoteProblem(value: string): string | undefined {
  const quote = /["`]/.exec(value)?.[0];
  if (quote !== undefined) return `a ${JSON.stringify(quote)} (bash reads it inside double quotes)`;
  // A non-ASCII letter after `$` starts a name in a single-byte locale (Latin-1 `é`): refused too.
  const expansion = /\$(?:[\w{([$!?#@*-]|[^\x00-\x7f])/.exec(value)?.[0];
  if (expansion !== undefined) return `a ${JSON.stringify(expansion)} (bash expands it inside double quotes)`;
  if (/\\([\\'"abfnrtv$`\n]|$)/.test(value)) return 'a backslash escape (a reader would unescape it)';
  return undefined;
}

/** How a value is written: single quotes when they carry it, else double quotes, else why neither can. */
function quoteFor(value: string): { quoted: string } | { problem: string } {
  const common = commonProblem(value);
  if (common) return { problem: common };
  const single = singleQuoteProblem(value);
  if (!single) return { quoted: `'${value}'` };
  const double = doubleQuoteProblem(value);
  if (!double) return { quoted: `"${value}"` };
  return { problem: `${single} (which only double quotes carry) and ${double}` };
}

/**
 * A dotenv file that python-dotenv (interpolation on or off), npm `dotenv` and bash's `source` all
 * read back byte-exact, quoted per value: `NAME='value'` (literal everywhere, no `$` expansion, `#`
 * and `=` kept, line feeds inside the quotes), or `NAME="value"` for a value with a single quote that
 * double quotes carry alike (`pa'ss`). A name, or a value no quoting carries, is refused in one line
 * naming it and where it came from; nothing is written half.
 */
export function formatDotenv(
  entries: ReadonlyArray<{ readonly name: string; readonly value: string; readonly source?: string }>,
  input = 'dotenv-file',
): string {
  const lines: string[] = [];
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
    const quoting = quoteFor(value);
    if ('problem' in quoting) {
      throw new CiKitError(
        'input',
        `The value of ${name}${from} has ${quoting.problem}, which a dotenv file cannot hold so that python-dotenv, dotenv (npm) and bash read it alike.`,
        {
          code: 'DotenvUnsafeValue',
          hint: `Leave \`${input}\` unset for this value (the variable is still set), or store the value without it (e.g. base64).`,
        },
      );
    }
    lines.push(`${name}=${quoting.quoted}\n`);
  }
  return lines.join('');
}
