#!/usr/bin/env node
// Builds the Azure DevOps extension (.vsix) with tfx-cli, offline.
//
// Every contribution of type `ms.vss-distributed-task.task` in vss-extension.json names its
// folder `tasks/<package>`; the task is `packages/<package>/task.json` with its icon.png and its
// bundle in `packages/<package>/dist/` (build it first: `pnpm build`). To add a task, add a
// contribution; this script stages it. The Marketplace page is marketplace/overview.md, the
// extension icon marketplace/icon.png (drawn by scripts/make-icons.mjs).
//
// Publisher and visibility come from ONE place, marketplace/publish.json ({ publisher, public,
// shareWith }); vss-extension.json carries neither. `--publisher <id>` overrides the publisher for
// one build (a fork publishing under its own id), `--version <x.y.z>` the version.
//
// tfx-cli reports problems (e.g. a task.json it finds invalid) as warnings and still builds; this
// script fails on any warning, so neither a release nor a test can ship one.
//   node scripts/build-vsix.mjs [--out <dir>] [--version <x.y.z>] [--publisher <id>] [--packages-dir <dir>]
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const adapterDir = resolve(here, '..');
const args = process.argv.slice(2);
const option = (name) => {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
};
const packagesDir = resolve(option('--packages-dir') ?? resolve(adapterDir, '..'));
const outDir = resolve(option('--out') ?? join(adapterDir, 'out'));

const fail = (message) => {
  process.stderr.write(`build-vsix: ${message}\n`);
  process.exit(1);
};

const manifest = JSON.parse(readFileSync(join(adapterDir, 'vss-extension.json'), 'utf8'));
const publish = JSON.parse(readFileSync(join(adapterDir, 'marketplace', 'publish.json'), 'utf8'));
if (typeof publish.publisher !== 'string' || typeof publish.public !== 'boolean') {
  fail('marketplace/publish.json needs "publisher" (string) and "public" (boolean).');
}
if ('publisher' in manifest || 'public' in manifest) {
  fail('vss-extension.json must not set "publisher" or "public": they come from marketplace/publish.json.');
}
manifest.publisher = option('--publisher') ?? publish.publisher;
manifest.public = publish.public;
if (option('--version')) manifest.version = option('--version');

const stage = mkdtempSync(join(tmpdir(), 'aws-ci-kit-vsix-'));
let output = '';
try {
  const files = [];
  for (const contribution of manifest.contributions) {
    if (contribution.type !== 'ms.vss-distributed-task.task') continue;
    const folder = contribution.properties.name;
    const pkg = folder.replace(/^tasks\//, '');
    const source = join(packagesDir, pkg);
    for (const needed of ['task.json', 'icon.png', 'dist/azure.js']) {
      if (!existsSync(join(source, needed))) {
        fail(
          `${folder}: ${join(source, needed)} is missing (bundles: \`pnpm build\`; icons: \`node scripts/make-icons.mjs\`).`,
        );
      }
    }
    const target = join(stage, folder);
    mkdirSync(target, { recursive: true });
    cpSync(join(source, 'task.json'), join(target, 'task.json'));
    cpSync(join(source, 'icon.png'), join(target, 'icon.png'));
    // The whole dist/: azure.js loads chunks/ on demand, package.json makes them ES modules, and
    // the third-party notice goes with the code it covers.
    cpSync(join(source, 'dist'), join(target, 'dist'), { recursive: true });
    // The agent installs nothing: the bundle is self-contained.
    files.push({ path: folder });
  }
  for (const asset of [manifest.icons?.default, manifest.content?.details?.path].filter(Boolean)) {
    if (!existsSync(join(adapterDir, asset))) fail(`${asset} is missing.`);
    mkdirSync(dirname(join(stage, asset)), { recursive: true });
    cpSync(join(adapterDir, asset), join(stage, asset));
  }
  manifest.files = [...(manifest.files ?? []), ...files];
  writeFileSync(join(stage, 'vss-extension.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  mkdirSync(outDir, { recursive: true });
  const tfx = join(adapterDir, 'node_modules', '.bin', 'tfx');
  const result = spawnSync(
    tfx,
    [
      'extension',
      'create',
      '--root',
      stage,
      '--manifest-globs',
      'vss-extension.json',
      '--output-path',
      outDir,
      '--no-prompt',
      '--no-color',
    ],
    { encoding: 'utf8', env: { ...process.env, TFX_TRACE: '', NO_COLOR: '1' }, timeout: 120_000 },
  );
  output = `${result.stdout ?? ''}${result.stderr ?? ''}`.replaceAll(stage, '<stage>');
  process.stdout.write(output);
  if (result.error) fail(`tfx: ${result.error.message}`);
  if (result.status !== 0) fail(`tfx extension create exited with ${result.status}.`);
} finally {
  rmSync(stage, { recursive: true, force: true });
}
const warnings = output
  .split('\n')
  .filter((line) => /^\s*warning\b/i.test(line.replace(/\u001b\[[0-9;]*m/g, '')));
if (warnings.length) fail(`tfx printed ${warnings.length} warning line(s): fix them, a release ships none.`);
