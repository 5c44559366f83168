/**
 * npm: every package under packages/* that is not `"private": true` is publishable. Each is packed the
 * way it is published (`pnpm pack`: runs `prepack`, applies `publishConfig`, turns `workspace:`
 * ranges into versions), then checked on the tarball with publint (strict) and
 * @arethetypeswrong/cli, installed into an empty folder outside the workspace (dependencies from
 * the local pnpm store, --prefer-offline) and run: every entry point imports in plain node and
 * every bin is installed. Packages not meant for npm must be private.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..', '..');
const bin = (name: string) => join(import.meta.dirname, '..', 'node_modules', '.bin', name);
const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8'));

interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  type?: string;
  license?: string;
  repository?: { type: string; url: string; directory?: string };
  files?: string[];
  exports?: Record<string, string | Record<string, string>>;
  publishConfig?: { exports?: Manifest['exports'] };
  dependencies?: Record<string, string>;
  bin?: string | Record<string, string>;
  main?: string;
}
const all = readdirSync(join(root, 'packages'), { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(root, 'packages', d.name, 'package.json')))
  .map((d) => ({
    dir: join(root, 'packages', d.name),
    manifest: readJson(join(root, 'packages', d.name, 'package.json')) as Manifest,
  }));
const published = all.filter((p) => !p.manifest.private);
const byName = new Map(all.map((p) => [p.manifest.name, p]));

/** The published files a subpath resolves to (exact key, else a `*` pattern), as Node resolves exports. */
const resolveExport = (exports: NonNullable<Manifest['exports']>, subpath: string): string[] => {
  const targets = (target: string | Record<string, string>, star = '') =>
    (typeof target === 'string' ? [target] : Object.values(target)).map((t) => t.replace('*', star));
  if (exports[subpath]) return targets(exports[subpath]!);
  for (const [pattern, target] of Object.entries(exports)) {
    const [prefix, suffix] = pattern.split('*');
    if (suffix === undefined || !subpath.startsWith(prefix!) || !subpath.endsWith(suffix)) continue;
    return targets(target, subpath.slice(prefix!.length, subpath.length - suffix.length));
  }
  return [];
};
/** The entry points the workspace uses: each must exist in the published package. */
const subpaths = (manifest: Manifest) => {
  if (manifest.exports) return Object.keys(manifest.exports).filter((k) => k !== './package.json');
  return manifest.main ? ['.'] : []; // a bin-only package has no entry point to import
};

const work = mkdtempSync(join(tmpdir(), 'npm-release-'));
const tarballs = new Map<string, string>();
afterAll(() => rmSync(work, { recursive: true, force: true }));

beforeAll(async () => {
  for (const { dir, manifest } of published) {
    const dest = join(work, 'packs', manifest.name.replace(/[@/]/g, '_'));
    await run('pnpm', ['pack', '--pack-destination', dest], { cwd: dir, timeout: 180_000 });
    const [file] = readdirSync(dest).filter((f) => f.endsWith('.tgz'));
    tarballs.set(manifest.name, join(dest, file!));
  }
}, 400_000);

/** What goes to npm; anything else must say `"private": true` so it can never be published by mistake. */
const PUBLISHED = ['@aws-ci-kit/cli', '@aws-ci-kit/core', '@aws-ci-kit/credential-chain'];

it('publishes exactly the CLI, @aws-ci-kit/core and @aws-ci-kit/credential-chain; every other package is private', () => {
  expect(published.map((p) => p.manifest.name).sort()).toEqual(PUBLISHED);
  const notPrivate = all
    .filter((p) => !PUBLISHED.includes(p.manifest.name) && p.manifest.private !== true)
    .map((p) => p.manifest.name);
  expect(notPrivate).toEqual([]);
});

describe.each(published.map((p) => [p.manifest.name, p] as const))('%s', (name, { manifest }) => {
  const packed = () => tarballs.get(name)!;

  it('declares a license, repository, files and exports that point at built JavaScript and types', () => {
    expect(manifest.license).toBe('Apache-2.0');
    expect(manifest.repository).toMatchObject({
      type: 'git',
      url: expect.stringMatching(/^git\+https:\/\//),
    });
    expect(manifest.repository?.directory).toMatch(/^packages\//);
    expect(manifest.files?.length).toBeGreaterThan(0);
    const exports = manifest.publishConfig?.exports ?? manifest.exports;
    expect(exports).toBeDefined();
    for (const [subpath, target] of Object.entries(exports!)) {
      if (subpath === './package.json') continue;
      const paths = typeof target === 'string' ? [target] : Object.values(target);
      for (const path of paths) expect(path).toMatch(/^\.\/dist\/.*\.(d\.ts|js|mjs|cjs)$/);
    }
  });

  it('has only published or bundled dependencies', () => {
    const privateDeps = Object.keys(manifest.dependencies ?? {}).filter(
      (dep) => byName.get(dep)?.manifest.private === true,
    );
    expect(privateDeps, `${name} depends on private workspace packages`).toEqual([]);
  });

  it('ships the build and no sources or tests', async () => {
    const { stdout } = await run('tar', ['-tzf', packed()]);
    const files = stdout.trim().split('\n');
    expect(files).toContain('package/package.json');
    // The repository's licence travels with the package (copied by prepack) once there is one.
    if (existsSync(join(root, 'LICENSE'))) expect(files).toContain('package/LICENSE');
    expect(files.some((f) => /^package\/dist\/.*\.js$/.test(f))).toBe(true);
    expect(files.filter((f) => /\.test\.|^package\/src\/|^package\/test\//.test(f))).toEqual([]);
    const packedManifest = JSON.parse((await run('tar', ['-xzOf', packed(), 'package/package.json'])).stdout);
    expect(JSON.stringify(packedManifest)).not.toContain('workspace:');
    expect(JSON.stringify(packedManifest.exports)).not.toMatch(/\/src\//);
    // Every entry point the workspace has resolves, in the packed manifest, to JS and types that are packed.
    for (const subpath of subpaths(manifest)) {
      const files_ = resolveExport(packedManifest.exports, subpath);
      expect(files_.length, `${name} ${subpath}`).toBeGreaterThan(0);
      for (const file of files_) expect(files, `${name} ${subpath}`).toContain(`package/${file.slice(2)}`);
      expect(files_.some((f) => f.endsWith('.d.ts'))).toBe(true);
    }
  });

  it('is clean for publint (strict)', async () => {
    const { stdout } = await run(bin('publint'), ['run', packed(), '--strict'], { timeout: 60_000 });
    expect(stdout).toContain('All good!');
  }, 90_000);

  it('is clean for @arethetypeswrong/cli', async () => {
    const exportsTargets = JSON.stringify(manifest.publishConfig?.exports ?? manifest.exports);
    // An ES-module-only package (no `require` condition) is checked with attw's esm-only profile.
    const profile =
      manifest.type === 'module' && !exportsTargets.includes('"require"') ? 'esm-only' : 'strict';
    const more = subpaths(manifest).filter((s) => s !== '.');
    const ignored = profile === 'esm-only' ? ['node10', 'node16-cjs'] : [];
    const result = await run(
      bin('attw'),
      [
        packed(),
        '--profile',
        profile,
        '--format',
        'json',
        // A `./*` pattern is not expanded by attw: name every entry point the workspace uses.
        ...(more.length ? ['--include-entrypoints', ...more] : []),
      ],
      {
        timeout: 60_000,
        maxBuffer: 32 * 1024 * 1024,
      },
    ).then(
      (ok) => ({ ...ok, code: 0 }),
      (error: { stdout: string; code: number }) => error,
    );
    const report = JSON.parse(result.stdout) as {
      analysis: { types: unknown; problems?: Array<{ resolutionKind?: string }> };
    };
    if (subpaths(manifest).length === 0) {
      // A bin-only package (the CLI): nothing to import, so no types for attw to check; it says so.
      expect(manifest.bin).toBeDefined();
      expect(report.analysis.types).toBe(false);
      expect(result.code).toBe(0);
      return;
    }
    const problems = (report.analysis.problems ?? []).filter(
      (p) => !ignored.includes(p.resolutionKind ?? ''),
    );
    expect(problems).toEqual([]);
    expect(result.code).toBe(0);
  }, 90_000);

  it('installs into an empty folder and runs', async () => {
    const consumer = mkdtempSync(join(work, 'consumer-'));
    const local = Object.keys(manifest.dependencies ?? {}).filter((d) => tarballs.has(d));
    // Our own dependencies are not on a registry yet: their packed tarballs stand in for the release.
    const overrides = Object.fromEntries(local.map((d) => [d, `file:${tarballs.get(d)}`]));
    writeFileSync(
      join(consumer, 'package.json'),
      JSON.stringify({ name: 'consumer', private: true, type: 'module', pnpm: { overrides } }),
    );
    await run(
      'pnpm',
      [
        'add',
        '--prefer-offline',
        '--config.confirmModulesPurge=false',
        packed(),
        ...local.map((d) => tarballs.get(d)!),
      ],
      { cwd: consumer, timeout: 240_000 },
    );
    const installed = readJson(
      join(consumer, 'node_modules', ...name.split('/'), 'package.json'),
    ) as Manifest;
    expect(installed.version).toBe(manifest.version);
    for (const subpath of subpaths(manifest)) {
      const specifier = subpath === '.' ? name : `${name}/${subpath.slice(2)}`;
      const { stdout } = await run(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          `const m = await import(${JSON.stringify(specifier)}); console.log(Object.keys(m).length);`,
        ],
        { cwd: consumer, timeout: 60_000 },
      );
      expect(Number(stdout.trim()), specifier).toBeGreaterThan(0);
    }
    const bins = typeof installed.bin === 'string' ? { [name]: installed.bin } : (installed.bin ?? {});
    for (const binName of Object.keys(bins)) {
      const installedBin = join(consumer, 'node_modules', '.bin', binName);
      expect(existsSync(installedBin)).toBe(true);
      const { stdout } = await run(installedBin, ['--help'], { cwd: consumer, timeout: 60_000 });
      expect(stdout.trim().length, `${binName} --help`).toBeGreaterThan(0);
    }
  }, 300_000);
});

it('core works for someone building a step: errors carry a code and a fix hint', async () => {
  // The folder @aws-ci-kit/core was installed into (each published package gets its own).
  const consumer = readdirSync(work).find(
    (d) => d.startsWith('consumer-') && existsSync(join(work, d, 'node_modules', '@aws-ci-kit', 'core')),
  );
  expect(consumer).toBeDefined();
  const script = `
    import { CiKitError, describeError, isCiKitError } from '@aws-ci-kit/core';
    const error = new CiKitError('input', 'Input "region" is required.', { hint: 'Set region.', code: 'InputMissing' });
    console.log(JSON.stringify({ is: isCiKitError(error), code: error.code, line: describeError(error) }));`;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
    cwd: join(work, consumer!),
    timeout: 60_000,
  });
  expect(JSON.parse(stdout)).toEqual({
    is: true,
    code: 'InputMissing',
    line: 'Input "region" is required. Fix: Set region.',
  });
});
