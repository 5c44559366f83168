// Fails when a committed bundle is not exactly what the sources build: rebuilds every bundled
// package into a clean temporary folder and compares byte for byte with packages/<name>/dist
// (missing, extra and differing files, each named). Then, in a git checkout, fails if dist/ has
// changes that are not committed. `.ci/run` runs it before the tests.
//   node scripts/check-dist.mjs                      every package, against the working tree
//   node scripts/check-dist.mjs --against DIR [pkg]  against DIR/packages/<pkg>/dist (tests use a copy)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundlePackage, listFiles, REPO_ROOT } from './bundle.mjs';

/** Packages whose `bundle` script is scripts/bundle.mjs. */
export function bundledPackageNames() {
  return readdirSync(join(REPO_ROOT, 'packages'))
    .filter((name) => {
      const manifest = join(REPO_ROOT, 'packages', name, 'package.json');
      return (
        existsSync(manifest) &&
        /scripts\/bundle\.mjs/.test(JSON.parse(readFileSync(manifest, 'utf8')).scripts?.bundle ?? '')
      );
    })
    .sort();
}

function firstDifference(a, b) {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return n;
}

/** The problems of one package's committed dist against a rebuild, one line each. */
export async function checkPackage(name, againstRoot = REPO_ROOT) {
  const committed = join(againstRoot, 'packages', name, 'dist');
  const label = `packages/${name}/dist`;
  const scratch = mkdtempSync(join(tmpdir(), `check-dist-${name}-`));
  try {
    await bundlePackage(join(REPO_ROOT, 'packages', name), scratch);
    const built = listFiles(scratch);
    const have = listFiles(committed);
    const problems = [];
    for (const file of built) {
      if (!have.includes(file)) {
        problems.push(`${label}/${file}: missing (a rebuild makes it)`);
        continue;
      }
      const a = readFileSync(join(scratch, file));
      const b = readFileSync(join(committed, file));
      if (!a.equals(b))
        problems.push(`${label}/${file}: differs from a rebuild at byte ${firstDifference(a, b)}`);
    }
    for (const file of have)
      if (!built.includes(file)) problems.push(`${label}/${file}: not made by a rebuild (stale)`);
    return problems;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Uncommitted or untracked changes under packages/*\/dist, when REPO_ROOT is a git checkout. */
function uncommitted() {
  try {
    const out = execFileSync(
      'git',
      ['status', '--porcelain', '--untracked-files=all', '--', ':(glob)packages/*/dist/**'],
      {
        cwd: REPO_ROOT,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      },
    );
    return out
      .split('\n')
      .filter(Boolean)
      .map((line) => `${line.slice(3)}: not committed (${line.slice(0, 2).trim()})`);
  } catch {
    return []; // not a git checkout (an unpacked release): the byte comparison is the check
  }
}

async function main(args) {
  const at = args.indexOf('--against');
  const against = at >= 0 ? args[at + 1] : undefined;
  if (at >= 0 && !against) throw new Error('--against needs a folder');
  const named = args.filter((_, i) => i !== at && i !== at + 1);
  const names = named.length > 0 ? named : bundledPackageNames();
  const problems = [];
  for (const name of names) problems.push(...(await checkPackage(name, against ?? REPO_ROOT)));
  if (!against) problems.push(...uncommitted());
  if (problems.length > 0) {
    for (const line of problems) console.error(`check-dist: ${line}`);
    console.error(
      'check-dist: dist/ is not what the sources build. Fix: run `pnpm build` and commit packages/*/dist.',
    );
    process.exitCode = 1;
    return;
  }
  console.log(`check-dist: ${names.map((n) => `packages/${n}/dist`).join(', ')} equal a clean rebuild.`);
}

if (process.argv[1] === new URL(import.meta.url).pathname) await main(process.argv.slice(2));
