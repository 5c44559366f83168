/**
 * The shell of .github/workflows/release.yml, run as GitHub runs it (bash, the same environment
 * variables) in a sandbox: the version check stops a tag that is not the version, the notes come from
 * CHANGELOG.md, the dist check fails on a changed or added bundle, the major tag moves on the remote,
 * the channel folders and the CLI single file are written and attached, the CLI is published from its
 * one-file folder with provenance, and each channel folder is pushed to its repository (local bare
 * repositories here, through git's url.insteadOf) only when its token is set, the token never printed.
 */
import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

it('writes every channel folder and attaches the CLI single file to the GitHub release', async () => {
  const job = workflow.jobs.release as unknown as {
    permissions: Record<string, string>;
    steps: Array<{ name?: string; uses?: string; with?: Record<string, string> }>;
  };
  const layout = await step("Channel folders and the CLI's single file", {}, root);
  expect(layout.code, layout.stdout).toBe(0);
  const channels = join(root, 'out', 'channels');
  try {
    for (const dir of [
      'github',
      'gitlab',
      'circleci',
      'buildkite',
      'jenkins',
      'bitbucket',
      'npm',
      'release-assets',
    ])
      expect(readdirSync(channels)).toContain(dir);
    expect(readdirSync(join(channels, 'release-assets')).sort()).toEqual([
      `aws-ci-kit-${version}.mjs`,
      `aws-ci-kit-${version}.mjs.sha256`,
    ]);
  } finally {
    rmSync(channels, { recursive: true, force: true });
  }
  const release = job.steps.find((s) => s.uses?.startsWith('softprops/action-gh-release'));
  expect(release?.with?.files?.split('\n').map((f) => f.trim())).toContain('out/channels/release-assets/*');
}, 120_000);

it('publishes the CLI from its one-file channel folder with npm provenance, the other packages without it', () => {
  const job = workflow.jobs.release as unknown as {
    permissions: Record<string, string>;
    steps: Array<{ name?: string; run?: string; if?: string; 'working-directory'?: string }>;
  };
  expect(job.permissions['id-token']).toBe('write');
  const cli = job.steps.find((s) => s.name === 'Publish the CLI to npm (one-file bin, with provenance)');
  expect(cli?.['working-directory']).toBe('out/channels/npm');
  expect(cli?.run).toBe('npm publish --provenance --access public');
  expect(cli?.if).toBe("env.NPM_TOKEN != ''");
  expect(script('Publish the npm packages')).toContain("--filter '!@aws-ci-kit/cli'");
});

it('pushes each channel folder to its repository when the token is set, and nothing without it', async () => {
  const git = (cwd: string, ...args: string[]) =>
    run('git', ['-c', 'init.defaultBranch=main', ...args], { cwd }).then(({ stdout }) => stdout.trim());
  const layout = join(sandbox, 'channels');
  await run(process.execPath, [join(root, 'scripts/release-layout.mjs'), layout], { cwd: root });
  // The real repository URLs, redirected to local bare repositories by git's own url.insteadOf.
  const hosts = join(sandbox, 'hosts');
  const repos = {
    'github.com/aws-ci-kit/aws-ci-kit-credentials.git': ['action.yml', [`v${version}`, 'v0']],
    'github.com/aws-ci-kit/aws-ci-kit-ecr-push.git': ['action.yml', [`v${version}`, 'v0']],
    'github.com/aws-ci-kit/aws-ci-kit-ssm-secret.git': ['action.yml', [`v${version}`, 'v0']],
    'github.com/aws-ci-kit/aws-ci-kit-orb.git': ['src/@orb.yml', [`v${version}`]],
    'github.com/aws-ci-kit/aws-ci-kit-buildkite-plugin.git': ['plugin.yml', [`v${version}`]],
    'github.com/aws-ci-kit/aws-ci-kit-jenkins-library.git': ['vars/awsCiKit.groovy', [`v${version}`]],
    'gitlab.com/aws-ci-kit/aws-ci-kit.git': ['templates/credentials.yml', [version]],
    'bitbucket.org/aws-ci-kit/aws-ci-kit-pipe.git': ['pipe.yml', [version]],
  } as const;
  for (const path of Object.keys(repos)) await git(sandbox, 'init', '-q', '--bare', join(hosts, path));
  const redirect = {
    GIT_CONFIG_COUNT: '1',
    GIT_CONFIG_KEY_0: `url.file://${hosts}/.insteadOf`,
    GIT_CONFIG_VALUE_0: 'https://',
  };
  const tokens = {
    CHANNELS_GITHUB_TOKEN: 'ghs_channels-token-0123456789',
    GITLAB_CATALOG_TOKEN: 'glpat-catalog-token-0123456789',
    BITBUCKET_PIPE_TOKEN: 'bb-pipe-token-0123456789',
  };
  const push = (extra: Record<string, string>) =>
    run(
      'bash',
      ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script('Push each channel to its repository')],
      {
        cwd: sandbox,
        env: { ...process.env, ...redirect, GITHUB_REF_NAME: `v${version}`, ...extra },
        timeout: 60_000,
      },
    );
  // The step runs from the repository root in the workflow; here its layout path points at the sandbox.
  mkdirSync(join(sandbox, 'out'), { recursive: true });
  rmSync(join(sandbox, 'out', 'channels'), { recursive: true, force: true });
  await run('cp', ['-a', layout, join(sandbox, 'out', 'channels')]);
  mkdirSync(join(sandbox, 'scripts'), { recursive: true });
  await run('cp', [join(root, 'scripts/push-channels.sh'), join(sandbox, 'scripts/push-channels.sh')]);
  const skipped = await push({
    CHANNELS_GITHUB_TOKEN: '',
    GITLAB_CATALOG_TOKEN: '',
    BITBUCKET_PIPE_TOKEN: '',
  });
  expect(skipped.stdout).toContain('CHANNELS_GITHUB_TOKEN not set');
  expect(await git(join(hosts, 'gitlab.com/aws-ci-kit/aws-ci-kit.git'), 'tag')).toBe('');

  const pushed = await push(tokens);
  for (const token of Object.values(tokens)) expect(pushed.stdout + pushed.stderr).not.toContain(token);
  for (const [path, [file, tags]] of Object.entries(repos)) {
    const bare = join(hosts, path);
    expect(await git(bare, 'ls-tree', '-r', '--name-only', 'main'), path).toContain(file);
    expect((await git(bare, 'tag')).split('\n').sort(), path).toEqual([...tags].sort());
    expect(await git(bare, 'ls-tree', '-r', '--name-only', 'main'), path).not.toContain('.github/workflows');
  }
  const action = join(hosts, 'github.com/aws-ci-kit/aws-ci-kit-credentials.git');
  expect(await git(action, 'ls-tree', '--name-only', 'main')).toMatch(/^action\.yml$/m);
}, 120_000);
