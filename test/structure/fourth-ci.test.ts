// A fourth CI is one new adapter package plus its entry files: in a copy of the repository, add an
// Example CI adapter and an ssm-secret entry for it, then typecheck, bundle and lint there. Nothing in
// core, a step, the bundler or the lint configuration changes; the only edit to an existing file is
// the one docs/architecture.md names (the capability's dependency on the adapter).
import { execFile } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');
const FIXTURE = join(import.meta.dirname, 'example-adapter');
const CAPABILITY = 'ssm-secret';
const ADAPTER = 'packages/example-adapter';
const ENTRY = `packages/${CAPABILITY}/src/entries/example.ts`;
const ENTRY_SOURCE = `import { runOnExample } from '@aws-ci-kit/example-adapter';
import { ssmSecretStep } from '../step.ts';

/** The Example CI step: dist/example.js calls it. */
export const run = (): Promise<void> => runOnExample(ssmSecretStep);
`;
const ADAPTER_MANIFEST = {
  name: '@aws-ci-kit/example-adapter',
  version: '0.1.0',
  private: true,
  license: 'Apache-2.0',
  type: 'module',
  exports: { '.': './src/index.ts' },
  scripts: { typecheck: 'tsc -p .', lint: 'biome check --error-on-warnings --config-path=../.. src' },
  dependencies: { '@aws-ci-kit/core': 'workspace:*' },
};

let copy: string;
let tracked: string[];

/** Every file under `dir` (relative, `/`-separated), without node_modules and dist. */
function walk(dir: string, at = dir): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(at, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name === '.git') continue;
    const path = join(at, entry.name);
    if (entry.isDirectory()) out.push(...walk(dir, path));
    else out.push(relative(dir, path).split(sep).join('/'));
  }
  return out;
}

/** The copy's changes against the repository: tracked files whose bytes differ, and files the repository lacks. */
function diffAgainstRepository(): { edited: string[]; added: string[] } {
  const known = new Set(tracked);
  const edited = tracked.filter(
    (file) =>
      existsSync(join(ROOT, file)) && !readFileSync(join(copy, file)).equals(readFileSync(join(ROOT, file))),
  );
  const added = walk(copy).filter((file) => !known.has(file) && !file.endsWith('.tsbuildinfo'));
  return { edited: edited.filter((file) => !/\/dist\//.test(file)), added: added.sort() };
}

/** The files docs/architecture.md says a new CI edits, with `<capability>` filled in. */
function documentedEdits(): string[] {
  const doc = readFileSync(join(ROOT, 'docs', 'architecture.md'), 'utf8');
  const section = /^### Existing files a new CI edits\n([\s\S]*?)(?=^#)/m.exec(doc)?.[1] ?? '';
  return [...section.matchAll(/^- `([^`]+)`/gm)]
    .map((match) => match[1]!.replace('<capability>', CAPABILITY))
    .filter((file) => !file.endsWith('pnpm-lock.yaml'));
}

/** The repository's node_modules as pnpm laid them out: the root one linked, each package's copied (its links stay relative). */
function linkNodeModules(): void {
  symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'), 'dir');
  for (const dir of ['test', 'bench', ...readdirSync(join(ROOT, 'packages')).map((p) => `packages/${p}`)]) {
    const from = join(ROOT, dir, 'node_modules');
    if (existsSync(from))
      cpSync(from, join(copy, dir, 'node_modules'), { recursive: true, verbatimSymlinks: true });
  }
}

/** What `pnpm add @aws-ci-kit/example-adapter@workspace:*` does in the capability, without touching the store. */
function addAdapterDependency(): void {
  const manifestPath = join(copy, 'packages', CAPABILITY, 'package.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  manifest.dependencies = { ...manifest.dependencies, '@aws-ci-kit/example-adapter': 'workspace:*' };
  writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  symlinkSync(
    '../../../example-adapter',
    join(copy, 'packages', CAPABILITY, 'node_modules', '@aws-ci-kit', 'example-adapter'),
  );
}

function addExampleCi(): void {
  const adapter = join(copy, ADAPTER);
  cpSync(join(FIXTURE, 'src'), join(adapter, 'src'), { recursive: true });
  writeFileSync(join(adapter, 'package.json'), `${JSON.stringify(ADAPTER_MANIFEST, null, 2)}\n`);
  writeFileSync(
    join(adapter, 'tsconfig.json'),
    '{ "extends": "../../tsconfig.base.json", "include": ["src"] }\n',
  );
  mkdirSync(join(adapter, 'node_modules', '@aws-ci-kit'), { recursive: true });
  symlinkSync('../../../core', join(adapter, 'node_modules', '@aws-ci-kit', 'core'));
  mkdirSync(dirname(join(copy, ENTRY)), { recursive: true });
  writeFileSync(join(copy, ENTRY), ENTRY_SOURCE);
  addAdapterDependency();
}

const bin = (name: string) => join(ROOT, 'node_modules', '.bin', name);

beforeAll(async () => {
  copy = mkdtempSync(join(tmpdir(), 'aws-ci-kit-fourth-ci-'));
  const { stdout } = await run('git', ['ls-files', '-z'], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 });
  tracked = stdout.split('\0').filter((file) => file !== '' && existsSync(join(ROOT, file)));
  for (const file of tracked) {
    mkdirSync(dirname(join(copy, file)), { recursive: true });
    cpSync(join(ROOT, file), join(copy, file), { verbatimSymlinks: true });
  }
  linkNodeModules();
  addExampleCi();
}, 120_000);

afterAll(() => {
  if (copy) rmSync(copy, { recursive: true, force: true });
});

describe('a fourth CI', () => {
  it('is new files only, plus exactly the edits docs/architecture.md names', () => {
    const { edited, added } = diffAgainstRepository();
    expect(added).toEqual(
      [
        ENTRY,
        `${ADAPTER}/package.json`,
        `${ADAPTER}/tsconfig.json`,
        ...readdirSync(join(FIXTURE, 'src')).map((file) => `${ADAPTER}/src/${file}`),
      ].sort(),
    );
    expect(edited).toEqual([`packages/${CAPABILITY}/package.json`]);
    expect(documentedEdits()).toEqual(edited);
  });

  it('typechecks: the adapter and the capability with its new entry', async () => {
    await run(bin('tsc'), ['-p', ADAPTER], { cwd: copy });
    await run(bin('tsc'), ['-p', `packages/${CAPABILITY}`], { cwd: copy });
  }, 180_000);

  it('lints clean with the unchanged biome.json (the entry may import the adapter; a step still may not)', async () => {
    await run(bin('biome'), ['check', '--error-on-warnings', ADAPTER, `packages/${CAPABILITY}/src`], {
      cwd: copy,
    });
    const step = `packages/${CAPABILITY}/src/uses-adapter.ts`;
    writeFileSync(join(copy, step), ENTRY_SOURCE.replace('../step.ts', './step.ts'));
    try {
      const refused = await run(bin('biome'), ['lint', '--error-on-warnings', step], { cwd: copy }).then(
        () => 'passed',
        (error: { stdout?: string; stderr?: string }) => `${error.stdout}${error.stderr}`,
      );
      expect(refused).toContain('noRestrictedImports');
    } finally {
      rmSync(join(copy, step));
    }
  }, 120_000);

  it('bundles dist/example.js beside the other entries, and the step runs on Example CI', async () => {
    const packageDir = join(copy, 'packages', CAPABILITY);
    await run(process.execPath, ['../../scripts/bundle.mjs'], { cwd: packageDir });
    const dist = readdirSync(join(packageDir, 'dist'));
    expect(dist).toEqual(expect.arrayContaining(['azure.js', 'github.js', 'example.js']));
    // The step reads its inputs through the new runtime (EXAMPLE_INPUT_<NAME>) and fails with one line
    // worded by Example CI's rules: no inputs, then a parameter but no region.
    const runExample = (inputs: Record<string, string>) =>
      run(process.execPath, ['dist/example.js'], {
        cwd: packageDir,
        env: { PATH: process.env.PATH ?? '', HOME: copy, AWS_EC2_METADATA_DISABLED: 'true', ...inputs },
      }).then(
        () => ({ code: 0, stderr: '' }),
        (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
      );
    const none = await runExample({});
    expect(none).toEqual({
      code: 1,
      stderr: expect.stringMatching(/^error \[InputMissing\]: No parameters to read\./),
    });
    const noRegion = await runExample({ EXAMPLE_INPUT_NAMES: '/app/db' });
    expect(noRegion.code).toBe(1);
    expect(noRegion.stderr).toMatch(/^error \[\w+\]: .*Set EXAMPLE_INPUT_AWS_REGION \(or AWS_REGION\)\./m);
  }, 180_000);
});
