/**
 * The dotenv file core writes reads back byte-exact in python-dotenv (interpolation on and off), the
 * `dotenv` npm package and bash (`set -a; source`), for hostile values and for values fast-check
 * draws from the documented subset; what the format cannot hold is refused in one line.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeError, formatDotenv } from '@aws-ci-kit/core';
import { parse } from 'dotenv';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';

const HOSTILE: Record<string, string> = {
  DOLLAR: '$HOME $HOME_1 $(id) `id` $ {x}',
  HASH: 'value # not a comment',
  EQUALS: 'a=b=c',
  DOUBLE_QUOTES: 'say "hi"',
  BACKSLASH: 'C:\\dir\\sub',
  BACKSLASH_N: 'literal\\n not a newline',
  MULTI: 'l1\nl2\n\nl4',
  TRAILING_NEWLINE: 'line\n',
  UNICODE: 'ünïcødé ✓ 🚀 中文',
  SPACES: '  padded  ',
  EMPTY: '',
  EXPORT: 'export X=1',
  TAB: 'a\tb',
  CONTROLS: 'esc \u001b[31m bel \u0007 del \u007f nel \u0085 ls \u2028',
  COMMANDS: '::set-env name=PWNED::x\n##vso[task.setvariable variable=PWNED]x',
  // Double quotes carry these alike for all three readers.
  SINGLE_QUOTE: "pa'ss",
  QUOTES_AND_HASH: "it's # here = 'x' ok",
  QUOTE_AND_BACKSLASH: "it's C:\\dir\\sub",
  QUOTE_MULTILINE: "l1 'a'\nl2 'b'\n",
  QUOTE_AND_DOLLAR: "it's 5$ or $'x' or $ {} or $",
};

const tried = { files: 0, values: 0, readers: 3, refused: 0, refusalsProven: 0, mismatches: 0 };
afterAll(() => {
  console.log(
    `[dotenv round trip] files=${tried.files} values=${tried.values} readers=python-dotenv,dotenv(npm),bash refused=${tried.refused} refusals-proven=${tried.refusalsProven} mismatches=${tried.mismatches}`,
  );
});

function write(values: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'dotenv-rt-'));
  const file = join(dir, '.env');
  writeFileSync(file, formatDotenv(Object.entries(values).map(([name, value]) => ({ name, value }))));
  tried.files += 1;
  tried.values += Object.keys(values).length;
  return file;
}

function python(file: string, interpolate: boolean): Record<string, string> {
  const code = `import sys,json,dotenv; print(json.dumps(dotenv.dotenv_values(sys.argv[1], interpolate=${interpolate ? 'True' : 'False'})))`;
  return JSON.parse(execFileSync('python3', ['-c', code, file], { encoding: 'utf8' })) as Record<
    string,
    string
  >;
}

function bash(file: string, names: readonly string[]): Record<string, string> {
  const script = `set -a; source "$1"; shift; for n in "$@"; do printf "%s\\0" "$\{!n}"; done`;
  const out = execFileSync('bash', ['-c', script, 'bash', file, ...names], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH },
  });
  const values = out.split('\0').slice(0, names.length);
  return Object.fromEntries(names.map((n, i) => [n, values[i] ?? '']));
}

function readAll(file: string, names: readonly string[]): Record<string, Record<string, string>> {
  return {
    'python-dotenv (interpolate off)': python(file, false),
    'python-dotenv (interpolate on)': python(file, true),
    'dotenv (npm)': parse(execFileSync('cat', [file])),
    'bash set -a; source': bash(file, names),
  };
}

/**
 * Whether `X=<q>value<q>` followed by another line reads back exactly in every reader (a reader
 * failing to parse counts as no). Cheapest reader first: the first that differs decides.
 */
function carriedBy(quote: string, value: string): boolean {
  const dir = mkdtempSync(join(tmpdir(), 'dotenv-q-'));
  const file = join(dir, '.env');
  writeFileSync(file, `X=${quote}${value}${quote}\nZ='after'\n`);
  const readers: Array<() => Record<string, string>> = [
    () => parse(execFileSync('cat', [file])),
    () => bash(file, ['X', 'Z']),
    () => python(file, false),
    () => python(file, true),
  ];
  try {
    return readers.every((read) => {
      const got = read();
      return got.X === value && got.Z === 'after';
    });
  } catch {
    return false;
  }
}

function expectRoundTrip(values: Record<string, string>): void {
  const file = write(values);
  const names = Object.keys(values);
  const readers = readAll(file, names);
  for (const [reader, got] of Object.entries(readers)) {
    const same = JSON.stringify(got) === JSON.stringify(values);
    if (!same) tried.mismatches += 1;
    expect(got, `${reader} read ${file}`).toEqual(values);
  }
}

describe('dotenv round trip', () => {
  it('hostile values read back byte-exact in python-dotenv, dotenv (npm) and bash', () => {
    expectRoundTrip(HOSTILE);
  }, 30_000);

  it('any value of the documented subset reads back byte-exact (fast-check)', () => {
    const subset = fc
      .string({ unit: 'grapheme', maxLength: 30 })
      .map((s) =>
        s.replace(/['\r\\\u0000-\u0008\u000b-\u001f\u007f\u0085\u2028\u2029]/g, '').replaceAll('${', '$'),
      );
    fc.assert(
      fc.property(fc.array(subset, { minLength: 1, maxLength: 8 }), (values) => {
        expectRoundTrip(Object.fromEntries(values.map((v, i) => [`V${i}`, v])));
      }),
      { numRuns: 8, seed: Number(process.env.FUZZ_SEED ?? 42) },
    );
  }, 300_000);

  it('values with single quotes that double quotes carry read back byte-exact (fast-check)', () => {
    const quoted = fc
      .tuple(fc.string({ unit: 'grapheme', maxLength: 20 }), fc.string({ unit: 'grapheme', maxLength: 20 }))
      .map(([a, b]) =>
        `${a}'${b}`.replace(/["$`\\\r\u0000-\u0008\u000b-\u001f\u007f\u0085\u2028\u2029]/g, ''),
      );
    fc.assert(
      fc.property(fc.array(quoted, { minLength: 1, maxLength: 6 }), (values) => {
        expectRoundTrip(Object.fromEntries(values.map((v, i) => [`Q${i}`, v])));
      }),
      { numRuns: 6, seed: Number(process.env.FUZZ_SEED ?? 42) },
    );
  }, 300_000);

  it('a generated value is either written and read back alike, or refused only when no quoting carries it', () => {
    const alphabet = fc.constantFrom(
      "'",
      '"',
      '$',
      '`',
      '\\',
      '\n',
      '\r',
      '{',
      '}',
      '#',
      '=',
      ' ',
      'a',
      'n',
      't',
      '\u0007',
    );
    const value = fc.array(alphabet, { minLength: 1, maxLength: 8 }).map((cs) => cs.join(''));
    const sample = fc.sample(value, { seed: Number(process.env.FUZZ_SEED ?? 7), numRuns: 40 });
    const accepted: string[] = [];
    for (const v of sample) {
      let text: string | undefined;
      let line = '';
      try {
        text = formatDotenv([{ name: 'X', value: v, source: '/gen' }]);
      } catch (error) {
        line = describeError(error);
      }
      if (text !== undefined) {
        accepted.push(v);
        continue;
      }
      tried.refused += 1;
      expect(line, JSON.stringify(v)).toMatch(/^The value of X \(from \/gen\) has .* Fix: /);
      expect(carriedBy("'", v), `single quotes would carry ${JSON.stringify(v)}`).toBe(false);
      expect(carriedBy('"', v), `double quotes would carry ${JSON.stringify(v)}`).toBe(false);
      tried.refusalsProven += 1;
    }
    // Everything accepted, in one file: each value also must not disturb the lines after it.
    if (accepted.length > 0) expectRoundTrip(Object.fromEntries(accepted.map((v, i) => [`A${i}`, v])));
  }, 300_000);

  it.each([
    ["it's $HOME", /a single quote .* and a "\$H"/],
    ['say "it\'s"', /a single quote .* and a "\\""/],
    ['a\r\nb', /a carriage return/],
    ['C:\\dir\\', /a backslash at the end/],
    ['a\\\\b', /two backslashes/],
    ['nul\u0000', /a NUL character/],
    [`$\{HOME}`, /python-dotenv expands it/],
  ])('refuses %j in one line', (value, why) => {
    let line = '';
    try {
      formatDotenv([{ name: 'X', value, source: '/app/x' }]);
    } catch (error) {
      line = describeError(error);
    }
    tried.refused += 1;
    expect(line).toMatch(why);
    expect(line).toMatch(/^The value of X \(from \/app\/x\) has .* Fix: /);
    expect(line).not.toMatch(/[\r\n]/);
    expect(line).not.toContain(value);
  });

  it('refuses a name bash could not source', () => {
    expect(() => formatDotenv([{ name: 'A-B', value: 'x' }])).toThrow(/cannot be a dotenv variable name/);
  });
});
