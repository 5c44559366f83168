// docs/errors.md is the table of stable error codes. It is checked against the code, both ways: every
// code a step can produce (each `code: '…'` in packages/*/src, and `Internal`) has a line with its kind,
// and every line names a code some step produces. A CiKitError built without a code would fall back to
// its kind as code, which no table lists: so every one must name its code.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { INTERNAL_ERROR_CODE } from '@aws-ci-kit/core';
import { describe, expect, it } from 'vitest';
import { EXPECTED } from './support/aws-faults.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const DOC = readFileSync(join(ROOT, 'docs', 'errors.md'), 'utf8');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    // Sources only: a test beside its code may use made-up codes.
    return path.endsWith('.ts') && !path.endsWith('.d.ts') && !path.endsWith('.test.ts') ? [path] : [];
  });
}
const FILES = readdirSync(join(ROOT, 'packages')).flatMap((pkg) => {
  const src = join(ROOT, 'packages', pkg, 'src');
  try {
    return statSync(src).isDirectory() ? sources(src) : [];
  } catch {
    return [];
  }
});

/** The text of each `new CiKitError(…)` call, up to its closing parenthesis. */
function ciKitErrorCalls(text: string): string[] {
  const calls: string[] = [];
  for (const match of text.matchAll(/new CiKitError\(/g)) {
    let depth = 1;
    let i = (match.index ?? 0) + match[0].length;
    for (; i < text.length && depth > 0; i++) {
      if (text[i] === '(') depth++;
      else if (text[i] === ')') depth--;
    }
    calls.push(text.slice(match.index, i));
  }
  return calls;
}

/** Every code the source can produce, with the kinds it is produced with (when a literal says). */
function producedCodes(): { codes: Map<string, Set<string>>; uncoded: string[] } {
  const codes = new Map<string, Set<string>>([[INTERNAL_ERROR_CODE, new Set(['internal'])]]);
  const add = (code: string, kind?: string) => {
    const kinds = codes.get(code) ?? new Set<string>();
    if (kind) kinds.add(kind);
    codes.set(code, kinds);
  };
  const uncoded: string[] = [];
  for (const file of FILES) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/\bcode: '(\w+)'/g)) add(match[1] as string);
    for (const call of ciKitErrorCalls(text)) {
      const kind = /^new CiKitError\(\s*'(\w+)'/.exec(call)?.[1];
      const code = /\bcode: '(\w+)'/.exec(call)?.[1];
      if (code) add(code, kind);
      else if (!/\bcode\b/.test(call)) uncoded.push(`${relative(ROOT, file)}: ${call.slice(0, 90)}`);
    }
    // The classifier's table: `{ kind: 'aws', code: 'Throttled' }`.
    for (const match of text.matchAll(/\{\s*kind: '(\w+)',\s*code: '(\w+)'\s*\}/g))
      add(match[2] as string, match[1]);
  }
  return { codes, uncoded };
}

/** The documented codes: the first cell of each table row that is one code in backticks. */
function documentedCodes(): Map<string, Set<string>> {
  const rows = new Map<string, Set<string>>();
  for (const line of DOC.split('\n')) {
    const cells = line.split('|').map((cell) => cell.trim());
    const code = /^`([A-Z]\w+)`$/.exec(cells[1] ?? '')?.[1];
    if (!code) continue;
    expect(rows.has(code), `${code} is documented twice`).toBe(false);
    expect(cells[3], `${code}: a meaning`).toBeTruthy();
    expect(cells[4], `${code}: what to fix`).toBeTruthy();
    rows.set(code, new Set((cells[2] ?? '').split(/,\s*|\s+or\s+/).filter(Boolean)));
  }
  return rows;
}

describe('docs/errors.md', () => {
  const { codes, uncoded } = producedCodes();
  const documented = documentedCodes();

  it('finds the codes (the scan is not empty)', () => {
    expect(codes.size).toBeGreaterThan(40);
    for (const { code } of Object.values(EXPECTED)) expect(codes.has(code), code).toBe(true);
  });

  it('documents every code a step can produce, with its kind', () => {
    const missing = [...codes.keys()].filter((code) => !documented.has(code)).sort();
    expect(missing, 'codes without a line in docs/errors.md').toEqual([]);
    for (const [code, kinds] of codes) {
      const listed = documented.get(code) ?? new Set();
      expect(
        [...kinds].filter((kind) => !listed.has(kind)),
        `${code}: kinds missing from its line`,
      ).toEqual([]);
    }
  });

  it('documents no code that nothing produces', () => {
    expect([...documented.keys()].filter((code) => !codes.has(code)).sort()).toEqual([]);
  });

  it('every CiKitError names its code (none falls back to its kind)', () => {
    expect(uncoded).toEqual([]);
  });

  it('is linked from the README', () => {
    expect(readFileSync(join(ROOT, 'README.md'), 'utf8')).toContain('(docs/errors.md)');
  });
});
