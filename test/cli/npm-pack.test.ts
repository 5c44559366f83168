/**
 * The publishable package: `npm pack` of packages/cli holds the one bundle and no runtime dependency,
 * and `npx aws-ci-kit ...` from the tarball works offline.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, expect, it } from 'vitest';
import { buildCli, CLI_DIR } from './support/cli-bed.ts';

const run = promisify(execFile);
beforeAll(() => buildCli(), 120_000);

it('npm pack -> npx aws-ci-kit (offline): --version and credentials --help', async () => {
  const out = mkdtempSync(join(tmpdir(), 'akit-pack-'));
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', out], { cwd: CLI_DIR });
  const [pack] = JSON.parse(stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
  expect(pack!.files.map((f) => f.path).sort()).toEqual([
    'README.md',
    'dist/cli.js',
    'dist/package.json',
    'package.json',
  ]);
  const manifest = JSON.parse(readFileSync(join(CLI_DIR, 'package.json'), 'utf8'));
  expect(manifest.private).toBeUndefined();
  expect(manifest.dependencies).toBeUndefined();
  expect(manifest.bin).toEqual({ 'aws-ci-kit': 'dist/cli.js' });
  expect(manifest.license).toBeTruthy();
  expect(manifest.repository).toBeTruthy();

  const project = mkdtempSync(join(tmpdir(), 'akit-npx-'));
  const cache = mkdtempSync(join(tmpdir(), 'akit-npm-cache-'));
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: project, npm_config_cache: cache };
  const tarball = join(out, pack!.filename);
  const version = await run(
    'npm',
    ['exec', '--offline', '--yes', `--package=${tarball}`, '--', 'aws-ci-kit', '--version'],
    { cwd: project, env, timeout: 120_000 },
  );
  expect(version.stdout).toBe(`${manifest.version}\n`);
  await run('npm', ['install', '--offline', '--no-audit', '--no-fund', tarball], {
    cwd: project,
    env,
    timeout: 120_000,
  });
  const help = await run('npx', ['--offline', 'aws-ci-kit', 'credentials', '--help'], { cwd: project, env });
  expect(help.stdout).toContain('--role-to-assume <value>');
}, 240_000);
