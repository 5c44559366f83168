/**
 * The shell of .github/workflows/release.yml, run as GitHub runs it (bash, the same environment
 * variables) in a sandbox: the version check stops a tag that is not the version, the notes come from
 * CHANGELOG.md, the dist check fails on a changed or added bundle, and the major tag moves on the remote.
 */
import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..', '..');
const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version as string;
const workflow = parseYaml(readFileSync(join(root, '.github', 'workflows', 'release.yml'), 'utf8')) as {
  jobs: Record<string, { steps: Array<{ name?: string; run?: string }> }>;
};
const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
const script = (name: string) => {
  const step = steps.find((s) => s.name === name);
  expect(step?.run, name).toBeTruthy();
  return step!.run!;
};
const sandbox = mkdtempSync(join(tmpdir(), 'release-workflow-'));
afterAll(() => rmSync(sandbox, { recursive: true, force: true }));

/** Runs a step's script with bash -e (GitHub's default shell for run steps). */
const step = (name: string, env: Record<string, string>, cwd = root) =>
  run('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script(name)], {
    cwd,
    env: { ...process.env, ...env },
    timeout: 60_000,
  }).then(
    ({ stdout }) => ({ code: 0, stdout }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stderr }),
  );

it('stops a tag that is not the version of every file', async () => {
  const name = 'The tag is the version of every package, task and the extension';
  expect((await step(name, { GITHUB_REF_NAME: `v${version}` })).code).toBe(0);
  const wrong = await step(name, { GITHUB_REF_NAME: 'v99.0.0' });
  expect(wrong.code).toBe(1);
  expect(wrong.stdout).toContain('differ from 99.0.0');
});

it('takes the release notes from the CHANGELOG entry of the tag', async () => {
  await step('Release notes from CHANGELOG.md', { GITHUB_REF_NAME: `v${version}`, RUNNER_TEMP: sandbox });
  const notes = readFileSync(join(sandbox, 'notes.md'), 'utf8');
  const changelog = readFileSync(join(root, 'CHANGELOG.md'), 'utf8');
  expect(notes.trim().length).toBeGreaterThan(0);
  expect(changelog).toContain(notes.trim());
  expect(notes).not.toMatch(/^## /m);
});

it('moves the major tag to the released commit on the remote', async () => {
  const git = (cwd: string, ...args: string[]) =>
    run('git', ['-c', 'init.defaultBranch=main', ...args], { cwd }).then(({ stdout }) => stdout.trim());
  const origin = join(sandbox, 'origin.git');
  const clone = join(sandbox, 'clone');
  await git(sandbox, 'init', '--bare', '-q', origin);
  await git(sandbox, 'init', '-q', clone);
  await git(clone, 'remote', 'add', 'origin', origin);
  const commit = async (message: string) => {
    writeFileSync(join(clone, 'file.txt'), message);
    await git(clone, 'add', 'file.txt');
    await git(clone, '-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', message);
    return git(clone, 'rev-parse', 'HEAD');
  };
  const previous = await commit('0.0.9');
  await git(clone, 'tag', 'v0', previous);
  await git(clone, 'push', '-q', 'origin', 'main', 'v0');
  const released = await commit('0.1.0');
  await git(clone, 'tag', 'v0.1.0', released);
  await git(clone, 'push', '-q', 'origin', 'main', 'v0.1.0');
  expect(await git(origin, 'rev-parse', 'v0')).toBe(previous);

  const moved = await step('Move the major tag', { GITHUB_REF_NAME: 'v0.1.0', GITHUB_SHA: released }, clone);
  expect(moved.code).toBe(0);
  expect(await git(origin, 'rev-parse', 'v0^{commit}')).toBe(released);
  expect(await git(origin, 'rev-parse', 'v0.1.0^{commit}')).toBe(released);
});

it('fails when a rebuild changes or adds a file under packages/*/dist, and passes when it does not', async () => {
  const git = (cwd: string, ...args: string[]) =>
    run('git', ['-c', 'init.defaultBranch=main', ...args], { cwd }).then(({ stdout }) => stdout.trim());
  const repo = join(sandbox, 'dist-check');
  mkdirSync(join(repo, 'packages', 'a', 'dist'), { recursive: true });
  mkdirSync(join(repo, 'bin'));
  writeFileSync(join(repo, 'packages', 'a', 'dist', 'github.js'), 'built\n');
  await git(sandbox, 'init', '-q', repo);
  await git(repo, 'add', '-A');
  await git(repo, '-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'dist');
  // A stand-in for `pnpm build --force`: writes what "the sources build" ($BUILT) into dist.
  const fakePnpm = join(repo, 'bin', 'pnpm');
  writeFileSync(
    fakePnpm,
    '#!/usr/bin/env bash\nprintf "%s\\n" "$BUILT" > packages/a/dist/github.js\n[ -z "$EXTRA" ] || echo x > packages/a/dist/$EXTRA\n',
  );
  chmodSync(fakePnpm, 0o755);
  const check = (env: Record<string, string>) =>
    step(
      'Committed dist/ is what the sources build',
      { PATH: `${join(repo, 'bin')}:${process.env.PATH}`, GITHUB_REF_NAME: 'v9.9.9', ...env },
      repo,
    );
  expect((await check({ BUILT: 'built', EXTRA: '' })).code).toBe(0);
  const changed = await check({ BUILT: 'one byte differs', EXTRA: '' });
  expect(changed.code).toBe(1);
  await git(repo, 'checkout', '--', 'packages');
  const added = await check({ BUILT: 'built', EXTRA: 'new.js' });
  expect(added.code).toBe(1);
});
