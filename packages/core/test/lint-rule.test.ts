import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';

// Child processes: generous limits for a loaded machine.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 30_000 });

/**
 * The dependency rule is enforced by biome, by pattern: the repository's own biome.json is copied into
 * a scratch tree with the same layout, and biome lints probe files there (nothing is written into the
 * repo). Every package of `packages/` is probed, so a new package is covered without editing this file.
 */
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const BIOME = join(ROOT, 'node_modules', '.bin', 'biome');
const scratch = mkdtempSync(join(tmpdir(), 'core-lint-'));
copyFileSync(join(ROOT, 'biome.json'), join(scratch, 'biome.json'));

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const PACKAGES = readdirSync(join(ROOT, 'packages'));
const ADAPTERS = PACKAGES.filter((p) => p.endsWith('-adapter'));
/** The port side: core and the credential chain, which every adapter and capability builds on. */
const BASE = ['core', 'credential-chain'];
/** Capabilities: every package but the base, the adapters and the CLI (which composes them). */
const CAPABILITIES = PACKAGES.filter((p) => !BASE.includes(p) && p !== 'cli' && !ADAPTERS.includes(p));

/** Lints all probes in one biome run; returns each file's diagnostics text. */
function lintAll(probes: Record<string, string>): Map<string, string> {
  for (const [path, source] of Object.entries(probes)) {
    mkdirSync(dirname(join(scratch, path)), { recursive: true });
    writeFileSync(join(scratch, path), source);
  }
  const result = spawnSync(
    BIOME,
    ['lint', `--config-path=${scratch}`, '--colors=off', '--max-diagnostics=none', ...Object.keys(probes)],
    { cwd: scratch, encoding: 'utf8' },
  );
  const output = `${result.stdout}${result.stderr}`;
  const byFile = new Map<string, string>();
  for (const path of Object.keys(probes)) {
    // Each diagnostic starts with the file's path; keep the block up to the next file header.
    const blocks = output.split(/\n(?=\S+\.ts:\d+:\d+ )/).filter((b) => b.startsWith(path));
    byFile.set(path, blocks.join('\n'));
  }
  return byFile;
}

const probeName = (name: string) => name.replace(/\W/g, '');
const importing = (name: string) => `import * as m from '${name}';\nexport const x = m;\n`;
const CI_LIBRARIES = ['@actions/core', '@actions/exec', '@actions/github', 'azure-pipelines-task-lib/task'];

describe.each(BASE)('%s may not import a CI library, a package above it, or touch the process', (pkg) => {
  const src = `packages/${pkg}/src`;
  const probes: Record<string, string> = {};
  const above = PACKAGES.filter((p) => p !== pkg && p !== 'core');
  const forbidden = [...CI_LIBRARIES, ...above.map((p) => `@aws-ci-kit/${p}`)];
  for (const name of forbidden) probes[`${src}/probe-${probeName(name)}.ts`] = importing(name);
  probes[`${src}/probe-env.ts`] = 'export const x = process.env.HOME;\n';
  probes[`${src}/probe-console.ts`] = "export const f = () => console.log('x');\n";
  probes[`${src}/clean.ts`] = "import { join } from 'node:path';\nexport const x = join('a', 'b');\n";
  const results = lintAll(probes);

  it.each(forbidden)('importing %s fails with the restricted-import diagnostic', (name) => {
    expect(results.get(`${src}/probe-${probeName(name)}.ts`)).toContain('noRestrictedImports');
  });
  it('process.env and console are refused; a clean file passes', () => {
    expect(results.get(`${src}/probe-env.ts`)).toContain('noProcessEnv');
    expect(results.get(`${src}/probe-console.ts`)).toContain('noConsole');
    expect(results.get(`${src}/clean.ts`)).toBe('');
  });
});

describe.each(CAPABILITIES)('capability %s: its src/ imports no CI library or adapter', (pkg) => {
  const src = `packages/${pkg}/src`;
  const probes: Record<string, string> = {
    [`${src}/probe-env.ts`]: 'export const x = process.env.HOME;\n',
    [`${src}/github.ts`]: importing('@aws-ci-kit/gha-adapter'),
    [`${src}/azure.ts`]: importing('@aws-ci-kit/azdo-adapter'),
    [`${src}/deep/clean.ts`]: importing('@aws-ci-kit/core'),
  };
  for (const name of [...CI_LIBRARIES, ...ADAPTERS.map((a) => `@aws-ci-kit/${a}`)])
    probes[`${src}/deep/probe-${probeName(name)}.ts`] = importing(name);
  const results = lintAll(probes);

  it.each([...CI_LIBRARIES, ...ADAPTERS.map((a) => `@aws-ci-kit/${a}`)])('importing %s fails', (name) => {
    expect(results.get(`${src}/deep/probe-${probeName(name)}.ts`)).toContain('noRestrictedImports');
  });
  it('process.env fails; the entry files may pick an adapter; core is fine', () => {
    expect(results.get(`${src}/probe-env.ts`)).toContain('noProcessEnv');
    expect(results.get(`${src}/github.ts`)).toBe('');
    expect(results.get(`${src}/azure.ts`)).toBe('');
    expect(results.get(`${src}/deep/clean.ts`)).toBe('');
  });
});

describe('adapters may import their CI library', () => {
  it.each(ADAPTERS)('%s', (adapter) => {
    const path = `packages/${adapter}/src/probe.ts`;
    expect(lintAll({ [path]: importing('@actions/core') }).get(path)).toBe('');
  });
});

describe('every package lints with warnings as errors', () => {
  it.each(PACKAGES)('%s', (pkg) => {
    const manifest = JSON.parse(
      spawnSync('cat', [join(ROOT, 'packages', pkg, 'package.json')], { encoding: 'utf8' }).stdout,
    ) as { scripts?: { lint?: string } };
    expect(manifest.scripts?.lint).toContain('--error-on-warnings');
  });
});
