#!/usr/bin/env node
// One version for the whole repository, released together.
//
//   node scripts/version.mjs 0.2.0            bump everything to 0.2.0 and date the CHANGELOG entry
//   node scripts/version.mjs --check [0.2.0]  fail unless every file carries the same version (and, if
//                                             given, that one: the release workflow passes the tag)
//   node scripts/version.mjs --notes 0.2.0    print CHANGELOG.md's entry for 0.2.0 (the GitHub release notes)
//   options: --root <dir> (default: this repository), --date YYYY-MM-DD (default: today, UTC)
//
// The source of the version is the root package.json. The script writes it into every workspace
// package.json (the globs of pnpm-workspace.yaml, so a package added later is included), the
// `version` {Major, Minor, Patch} of every packages/*/task.json (Azure DevOps only updates an
// installed task when its version changes, so every release changes it), the extension manifest
// packages/azdo-adapter/vss-extension.json, and moves CHANGELOG.md's "## Unreleased" notes under
// "## <version> - <date>". A version must be x.y.z (a task version has no pre-release part) and
// greater than the current one.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;
const UNRELEASED = '## Unreleased';

/** Every file that carries the version, as { file, kind } (kind: package | task | extension). */
export const versionedFiles = (root) => {
  const files = [{ file: join(root, 'package.json'), kind: 'package' }];
  const workspace = readFileSync(join(root, 'pnpm-workspace.yaml'), 'utf8');
  const section = workspace.split(/^packages:\s*$/m)[1]?.split(/^\S/m)[0] ?? '';
  const globs = [...section.matchAll(/^\s+-\s+['"]?([^'"\s#]+)['"]?/gm)].map((m) => m[1]);
  const dirs = globs.flatMap((glob) => {
    if (!glob.endsWith('/*')) return [join(root, glob)];
    const parent = join(root, glob.slice(0, -2));
    if (!existsSync(parent)) return [];
    return readdirSync(parent, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => join(parent, entry.name))
      .sort();
  });
  for (const dir of dirs) {
    if (existsSync(join(dir, 'package.json')))
      files.push({ file: join(dir, 'package.json'), kind: 'package' });
    if (existsSync(join(dir, 'task.json'))) files.push({ file: join(dir, 'task.json'), kind: 'task' });
    if (existsSync(join(dir, 'vss-extension.json'))) {
      files.push({ file: join(dir, 'vss-extension.json'), kind: 'extension' });
    }
  }
  return files;
};

const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));
const writeJson = (file, value) => writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);

/** The version a file carries, as x.y.z. */
export const versionOf = ({ file, kind }) => {
  const json = readJson(file);
  if (kind !== 'task') return json.version;
  const v = json.version ?? {};
  return `${v.Major}.${v.Minor}.${v.Patch}`;
};

const compare = (a, b) => {
  const [x, y] = [a, b].map((v) => v.split('.').map(Number));
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] - y[i];
  return 0;
};

/** Moves the Unreleased notes under a dated heading; the notes must not be empty. */
export const releaseChangelog = (text, version, date) => {
  const start = text.indexOf(`${UNRELEASED}\n`);
  if (start < 0)
    throw new Error(`CHANGELOG.md has no "${UNRELEASED}" section: add one with the notes of this release.`);
  const bodyStart = start + UNRELEASED.length + 1;
  const next = text.indexOf('\n## ', bodyStart);
  const bodyEnd = next < 0 ? text.length : next + 1;
  const notes = text.slice(bodyStart, bodyEnd).trim();
  if (!notes)
    throw new Error(`CHANGELOG.md: "${UNRELEASED}" is empty: write what changes in ${version} first.`);
  return `${text.slice(0, start)}${UNRELEASED}\n\n## ${version} - ${date}\n\n${notes}\n\n${text.slice(bodyEnd)}`.replace(
    /\n{3,}/g,
    '\n\n',
  );
};

/** The notes of one released version (without its heading). */
export const changelogNotes = (text, version) => {
  const heading = text
    .split('\n')
    .findIndex((line) => line.startsWith(`## ${version} `) || line === `## ${version}`);
  if (heading < 0) return undefined;
  const rest = text.split('\n').slice(heading + 1);
  const end = rest.findIndex((line) => line.startsWith('## '));
  return (end < 0 ? rest : rest.slice(0, end)).join('\n').trim();
};

const fail = (message) => {
  process.stderr.write(`version: ${message}\n`);
  process.exit(1);
};

const main = (argv) => {
  const option = (name) => {
    const i = argv.indexOf(name);
    if (i < 0) return undefined;
    const value = argv[i + 1];
    argv.splice(i, 2);
    return value;
  };
  const root = resolve(option('--root') ?? join(dirname(fileURLToPath(import.meta.url)), '..'));
  const date = option('--date') ?? new Date().toISOString().slice(0, 10);
  const check = argv.includes('--check');
  const notes = argv.includes('--notes');
  const wanted = argv.find((a) => !a.startsWith('--'))?.replace(/^v/, '');
  const files = versionedFiles(root);
  const current = versionOf(files[0]);

  if (notes) {
    const version = wanted ?? current;
    const text = existsSync(join(root, 'CHANGELOG.md'))
      ? readFileSync(join(root, 'CHANGELOG.md'), 'utf8')
      : '';
    const found = changelogNotes(text, version);
    if (!found) fail(`CHANGELOG.md has no notes for ${version}.`);
    process.stdout.write(`${found}\n`);
    return;
  }
  if (check) {
    const expected = wanted ?? current;
    const wrong = files.filter((f) => versionOf(f) !== expected);
    for (const f of wrong) process.stderr.write(`  ${f.file.slice(root.length + 1)}: ${versionOf(f)}\n`);
    if (wrong.length)
      fail(`${wrong.length} file(s) differ from ${expected}: run \`node scripts/version.mjs ${expected}\`.`);
    process.stdout.write(`version ${expected}: ${files.length} files agree\n`);
    return;
  }
  if (!wanted || !SEMVER.test(wanted))
    fail('usage: node scripts/version.mjs <x.y.z> | --check [x.y.z] | --notes [x.y.z]');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) fail(`--date ${date}: expected YYYY-MM-DD.`);
  if (compare(wanted, current) <= 0) {
    fail(
      `${wanted} is not greater than the current ${current}: Azure DevOps only updates a task to a higher version.`,
    );
  }
  const changelogFile = join(root, 'CHANGELOG.md');
  let changelog;
  try {
    changelog = releaseChangelog(
      existsSync(changelogFile) ? readFileSync(changelogFile, 'utf8') : '',
      wanted,
      date,
    );
  } catch (error) {
    fail(error.message);
  }
  const [Major, Minor, Patch] = wanted.split('.').map(Number);
  for (const f of files) {
    const json = readJson(f.file);
    json.version = f.kind === 'task' ? { Major, Minor, Patch } : wanted;
    writeJson(f.file, json);
  }
  writeFileSync(changelogFile, changelog);
  process.stdout.write(`version ${current} -> ${wanted}: ${files.length} files and CHANGELOG.md\n`);
};

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url))
  main(process.argv.slice(2));
