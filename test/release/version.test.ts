/**
 * One version: every workspace package.json, every task.json `version` and the extension manifest carry
 * the root package.json's version, and `scripts/version.mjs` bumps them all together (a package added
 * later included) and dates the CHANGELOG entry.
 */
import { execFile } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..', '..');
const script = join(root, 'scripts', 'version.mjs');
const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8'));
const rootVersion = readJson(join(root, 'package.json')).version as string;

/** Every directory of the workspace, listed independently of the script (packages/*, test, bench). */
const workspaceDirs = (base: string) => [
  ...readdirSync(join(base, 'packages'), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => join(base, 'packages', d.name)),
  join(base, 'test'),
  join(base, 'bench'),
];
const taskVersion = (file: string) => {
  const { Major, Minor, Patch } = readJson(file).version;
  return `${Major}.${Minor}.${Patch}`;
};

describe('the repository', () => {
  it('carries one version everywhere', () => {
    expect(rootVersion).toMatch(/^\d+\.\d+\.\d+$/);
    const seen: Record<string, string> = {};
    for (const dir of workspaceDirs(root)) {
      if (existsSync(join(dir, 'package.json')))
        seen[`${dir}/package.json`] = readJson(join(dir, 'package.json')).version;
      if (existsSync(join(dir, 'task.json'))) seen[`${dir}/task.json`] = taskVersion(join(dir, 'task.json'));
    }
    seen['vss-extension.json'] = readJson(
      join(root, 'packages', 'azdo-adapter', 'vss-extension.json'),
    ).version;
    expect(Object.keys(seen).filter((k) => k.endsWith('task.json')).length).toBeGreaterThanOrEqual(3);
    for (const [file, version] of Object.entries(seen))
      expect({ file, version }).toEqual({ file, version: rootVersion });
  });

  it('has a CHANGELOG entry for the current version and an Unreleased section', () => {
    const changelog = readFileSync(join(root, 'CHANGELOG.md'), 'utf8');
    expect(changelog).toMatch(/^## Unreleased$/m);
    expect(changelog).toMatch(
      new RegExp(`^## ${rootVersion.replaceAll('.', '\\.')} - \\d{4}-\\d{2}-\\d{2}$`, 'm'),
    );
  });

  it('passes the script’s own check', async () => {
    const { stdout } = await run(process.execPath, [script, '--check', rootVersion]);
    expect(stdout).toMatch(/files agree/);
  });
});

describe('scripts/version.mjs', () => {
  const copies: string[] = [];
  afterAll(() => {
    for (const dir of copies) rmSync(dir, { recursive: true, force: true });
  });
  /** A copy of the repository's versioned files, plus a package added later (packages/zz-later with a task). */
  const copy = () => {
    const dir = mkdtempSync(join(tmpdir(), 'version-'));
    copies.push(dir);
    for (const file of ['package.json', 'pnpm-workspace.yaml']) cpSync(join(root, file), join(dir, file));
    // The release notes under test are the copy's own: the repository's pending ones are left out.
    const changelog = readFileSync(join(root, 'CHANGELOG.md'), 'utf8');
    writeFileSync(
      join(dir, 'CHANGELOG.md'),
      changelog.replace(/^## Unreleased\n[\s\S]*?(?=^## )/m, '## Unreleased\n\n'),
    );
    for (const src of workspaceDirs(root)) {
      const dest = join(dir, src.slice(root.length + 1));
      mkdirSync(dest, { recursive: true });
      for (const file of ['package.json', 'task.json', 'vss-extension.json']) {
        if (existsSync(join(src, file))) cpSync(join(src, file), join(dest, file));
      }
    }
    mkdirSync(join(dir, 'packages', 'zz-later'));
    writeFileSync(
      join(dir, 'packages', 'zz-later', 'package.json'),
      JSON.stringify({ name: 'later', version: rootVersion }),
    );
    const task = readJson(join(root, 'packages', 'aws-credentials', 'task.json'));
    writeFileSync(join(dir, 'packages', 'zz-later', 'task.json'), JSON.stringify(task));
    return dir;
  };
  const bump = ([major, minor]: string[]) => `${major}.${Number(minor) + 1}.0`;

  it('bumps every package.json, task.json and the extension manifest, and dates the CHANGELOG entry', async () => {
    const dir = copy();
    const changelog = readFileSync(join(dir, 'CHANGELOG.md'), 'utf8').replace(
      '## Unreleased\n',
      '## Unreleased\n\n- Fixed: something users will notice.\n',
    );
    writeFileSync(join(dir, 'CHANGELOG.md'), changelog);
    const next = bump(rootVersion.split('.'));
    await run(process.execPath, [script, next, '--root', dir, '--date', '2030-01-02']);

    const dirs = workspaceDirs(dir);
    expect(dirs).toContain(join(dir, 'packages', 'zz-later'));
    for (const d of dirs) {
      if (existsSync(join(d, 'package.json'))) expect(readJson(join(d, 'package.json')).version).toBe(next);
      if (existsSync(join(d, 'task.json'))) expect(taskVersion(join(d, 'task.json'))).toBe(next);
    }
    expect(readJson(join(dir, 'package.json')).version).toBe(next);
    expect(readJson(join(dir, 'packages', 'azdo-adapter', 'vss-extension.json')).version).toBe(next);
    // The task's other fields are untouched; version numbers stay numbers.
    const task = readJson(join(dir, 'packages', 'aws-credentials', 'task.json'));
    expect(task.version).toEqual({
      Major: Number(next.split('.')[0]),
      Minor: Number(next.split('.')[1]),
      Patch: 0,
    });
    expect(task.inputs).toEqual(readJson(join(root, 'packages', 'aws-credentials', 'task.json')).inputs);

    const written = readFileSync(join(dir, 'CHANGELOG.md'), 'utf8');
    expect(written).toContain(
      `## Unreleased\n\n## ${next} - 2030-01-02\n\n- Fixed: something users will notice.\n`,
    );
    expect(written).toContain(`## ${rootVersion} - `);
    const { stdout } = await run(process.execPath, [script, '--check', `v${next}`, '--root', dir]);
    expect(stdout).toContain(`version ${next}:`);
    const notes = await run(process.execPath, [script, '--notes', `v${next}`, '--root', dir]);
    expect(notes.stdout).toBe('- Fixed: something users will notice.\n');
  });

  it('refuses a release without notes, a version that is not higher, and a pre-release', async () => {
    const dir = copy();
    const next = bump(rootVersion.split('.'));
    const attempt = (...args: string[]) =>
      run(process.execPath, [script, ...args, '--root', dir]).then(
        () => 'exit 0',
        (error: { stderr: string }) => error.stderr.trim(),
      );
    expect(await attempt(next)).toMatch(/"## Unreleased" is empty/);
    expect(await attempt(rootVersion)).toMatch(/not greater than the current/);
    expect(await attempt(`${next}-rc.1`)).toMatch(/usage/);
    // Nothing was written by the refused runs.
    expect(readJson(join(dir, 'packages', 'ecr-push', 'package.json')).version).toBe(rootVersion);
  });

  it('--check names every file that disagrees', async () => {
    const dir = copy();
    const file = join(dir, 'packages', 'ssm-secret', 'task.json');
    const task = readJson(file);
    task.version.Patch += 1;
    writeFileSync(file, JSON.stringify(task));
    const error = await run(process.execPath, [script, '--check', '--root', dir]).then(
      () => undefined,
      (e: { stderr: string }) => e.stderr,
    );
    expect(error).toContain('packages/ssm-secret/task.json');
    expect(error).toMatch(/1 file\(s\) differ/);
  });
});
