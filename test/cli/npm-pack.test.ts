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
  // The bundle (an entry and the chunks it loads), its notice, the licence, the readme: nothing else.
  const files = pack!.files.map((f) => f.path).sort();
  expect(files).toEqual(
    expect.arrayContaining([
      'LICENSE',
      'README.md',
      'dist/THIRD_PARTY_NOTICES.md',
      'dist/cli.js',
      'dist/package.json',
      'package.json',
    ]),
  );
  expect(
    files.filter(
      (f) =>
        !/^(LICENSE|README\.md|package\.json|dist\/(cli\.js|package\.json|THIRD_PARTY_NOTICES\.md|chunks\/[\w-]+\.mjs))$/.test(
          f,
        ),
    ),
  ).toEqual([]);
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
