/**
 * Functions fit on a screen: no function, method or arrow function in `packages/*\/src` (tests and
 * test helpers aside) is longer than 80 lines, counted on the TypeScript syntax tree from its first
 * to its last line. A long one is split along what it does (see docs/architecture.md).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const MAX_LINES = 80;

function sourceFiles(): string[] {
  const listed = execFileSync('git', ['ls-files', 'packages/*/src/**.ts', 'packages/*/src/*.ts'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return [...new Set(listed.split('\n'))].filter(
    (f) => f && !f.endsWith('.test.ts') && !f.endsWith('.d.ts') && !/\/(testing|test)\//.test(f),
  );
}

/** `file:line (N lines)` for every function-like node with a body longer than MAX_LINES. */
function longFunctions(file: string, text = readFileSync(join(ROOT, file), 'utf8')): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const first = source.getLineAndCharacterOfPosition(node.getStart()).line;
      const last = source.getLineAndCharacterOfPosition(node.end).line;
      if (last - first + 1 > MAX_LINES) found.push(`${file}:${first + 1} (${last - first + 1} lines)`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('functions fit on a screen', () => {
  it('reads the sources of every package', () => {
    expect(sourceFiles().length).toBeGreaterThan(100);
  });

  it(`no function in packages/*/src is longer than ${MAX_LINES} lines`, () => {
    expect(sourceFiles().flatMap((file) => longFunctions(file))).toEqual([]);
  });

  it('the count sees a long function, and an arrow function inside a call (probes, not in the tree)', () => {
    const body = (n: number) => Array.from({ length: n }, (_, i) => `  const v${i} = ${i};`).join('\n');
    expect(longFunctions('probe.ts', `export function f() {\n${body(MAX_LINES)}\n}\n`)).toEqual([
      `probe.ts:1 (${MAX_LINES + 2} lines)`,
    ]);
    expect(longFunctions('ok.ts', `export function f() {\n${body(MAX_LINES - 2)}\n}\n`)).toEqual([]);
    expect(longFunctions('arrow.ts', `run(async () => {\n${body(MAX_LINES)}\n});\n`)).toHaveLength(1);
  });
});
