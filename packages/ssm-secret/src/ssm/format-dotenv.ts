import { CiKitError } from '@aws-ci-kit/core';

/** Characters no dotenv dialect reads the same way inside a value: other control characters and line separators. */
const UNSAFE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u0085\u2028\u2029]/;

/**
 * One `NAME=value` line that can never start another line, whatever the value holds. Single quotes
 * (literal, no interpolation, in python-dotenv, dotenv for Node and Docker Compose) when the value has
 * no quote, backslash or line break; otherwise double quotes with backslash, double quote, CR and LF
 * escaped (python-dotenv reads it back exactly; read it with interpolation off).
 */
export function dotenvLine(name: string, value: string): string {
  if (UNSAFE.test(value)) {
    throw new CiKitError(
      'input',
      `The value of ${name} contains control characters a dotenv file cannot hold.`,
      {
        code: 'DotenvUnsafeValue',
        hint: 'Leave `dotenv-file` unset for this parameter, or remove the control characters from its value.',
      },
    );
  }
  if (!/['\\\r\n]/.test(value)) return `${name}='${value}'`;
  const escaped = value.replace(
    /[\\"\r\n]/g,
    (c) => ({ '\\': '\\\\', '"': '\\"', '\r': '\\r', '\n': '\\n' })[c]!,
  );
  return `${name}="${escaped}"`;
}

/** A whole dotenv file. */
export function formatDotenv(entries: ReadonlyArray<{ name: string; value: string }>): string {
  return entries.map((e) => `${dotenvLine(e.name, e.value)}\n`).join('');
}
