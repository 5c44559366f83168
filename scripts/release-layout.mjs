#!/usr/bin/env node
// Writes what each distribution channel's repository or registry must contain, one folder each:
//
//   node scripts/release-layout.mjs <dir>
//
//   <dir>/github/<credentials|ecr-push|ssm-secret>/  a GitHub Marketplace action repository: root
//                                                    action.yml (with branding) + dist/ (the bundle)
//   <dir>/gitlab/      a GitLab CI/CD catalog project (templates/<component>.yml)
//   <dir>/circleci/    a CircleCI orb development kit source (src/@orb.yml, commands/, ...)
//   <dir>/buildkite/   the aws-ci-kit-buildkite-plugin repository (plugin.yml, hooks/)
//   <dir>/jenkins/     a Jenkins shared library (vars/, resources/)
//   <dir>/bitbucket/   a Bitbucket pipe (pipe.yml, Dockerfile, pipe.sh)
//   <dir>/npm/         @aws-ci-kit/cli, whose bin is ONE file (no chunks)
//   <dir>/release-assets/aws-ci-kit-<version>.mjs (+ .sha256): that same file, for a GitHub release
//
// Every folder gets README.md, LICENSE and the version of the root package.json (`__VERSION__` in
// the sources under templates/ is replaced by it). The GitHub actions take the committed dist/ (the
// release checks it is what the sources build); the CLI file is built here with esbuild, unsplit.
import { createHash } from 'node:crypto';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { entryBundleOptions } from './esbuild-options.mjs';
import { bundledPackages, thirdPartyNotice } from './third-party-notices.mjs';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
export const ACTIONS = { credentials: 'aws-credentials', 'ecr-push': 'ecr-push', 'ssm-secret': 'ssm-secret' };
export const CHANNELS = ['github', 'gitlab', 'circleci', 'buildkite', 'jenkins', 'bitbucket', 'npm'];
const TEXT =
  /\.(ya?ml|md|sh|groovy|txt|json)$|(^|\/)(Dockerfile|pre-command|pre-exit|post-command|environment)$/;

const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));

/** Copies `from` into `to`, replacing __VERSION__ in text files and keeping the executable bit. */
function copyTemplate(from, to, version) {
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const source = join(from, entry.name);
    const target = join(to, entry.name);
    if (entry.isDirectory()) {
      copyTemplate(source, target, version);
      continue;
    }
    mkdirSync(to, { recursive: true });
    if (TEXT.test(entry.name))
      writeFileSync(target, readFileSync(source, 'utf8').replaceAll('__VERSION__', version));
    else cpSync(source, target);
    chmodSync(target, statSync(source).mode & 0o777);
  }
}

/** One action per repository: action.yml at the root, its GitHub bundle, README, LICENSE, no workflow. */
function githubAction(out, name, version) {
  const pkg = join(ROOT, 'packages', ACTIONS[name]);
  const dir = join(out, 'github', name);
  mkdirSync(dir, { recursive: true });
  cpSync(join(pkg, 'action.yml'), join(dir, 'action.yml'));
  // In its own repository the action is `uses: aws-ci-kit/aws-ci-kit-<name>@v0`.
  const readme = readFileSync(join(pkg, 'README.md'), 'utf8');
  writeFileSync(
    join(dir, 'README.md'),
    readme.replaceAll(`aws-ci-kit/aws-ci-kit/packages/${ACTIONS[name]}@`, `aws-ci-kit/aws-ci-kit-${name}@`),
  );
  // The Azure entry is not part of an action; github.js and the chunks it loads are.
  cpSync(join(pkg, 'dist'), join(dir, 'dist'), {
    recursive: true,
    filter: (path) => !path.endsWith(`${sep}azure.js`),
  });
  writeFileSync(join(dir, 'VERSION'), `${version}\n`);
}

/** The CLI as one ES module: every `await import()` is inlined, so the bin has no chunks folder. */
export async function buildSingleFileCli(file) {
  const cli = join(ROOT, 'packages', 'cli');
  const { splitting, chunkNames, outExtension, ...options } = entryBundleOptions;
  const result = await build({
    ...options,
    absWorkingDir: cli,
    entryPoints: ['./src/cli.ts'],
    outfile: file,
    metafile: true,
    logLevel: 'warning',
  });
  return bundledPackages(result.metafile, cli);
}

async function npmPackage(out, version) {
  const cli = join(ROOT, 'packages', 'cli');
  const dir = join(out, 'npm');
  mkdirSync(join(dir, 'dist'), { recursive: true });
  const packages = await buildSingleFileCli(join(dir, 'dist', 'cli.js'));
  writeFileSync(join(dir, 'dist', 'THIRD_PARTY_NOTICES.md'), thirdPartyNotice('@aws-ci-kit/cli', packages));
  const manifest = readJson(join(cli, 'package.json'));
  delete manifest.scripts;
  delete manifest.devDependencies;
  manifest.version = version;
  manifest.files = ['dist/cli.js', 'dist/THIRD_PARTY_NOTICES.md', 'README.md', 'LICENSE'];
  manifest.publishConfig = { access: 'public', provenance: true };
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  cpSync(join(cli, 'README.md'), join(dir, 'README.md'));
  chmodSync(join(dir, 'dist', 'cli.js'), 0o755);
  // The same file as a release asset, with its checksum for `sha256sum -c`.
  const assets = join(out, 'release-assets');
  mkdirSync(assets, { recursive: true });
  const asset = `aws-ci-kit-${version}.mjs`;
  const bytes = readFileSync(join(dir, 'dist', 'cli.js'));
  writeFileSync(join(assets, asset), bytes);
  chmodSync(join(assets, asset), 0o755);
  const sum = createHash('sha256').update(bytes).digest('hex');
  writeFileSync(join(assets, `${asset}.sha256`), `${sum}  ${asset}\n`);
}

/** Writes every channel under `out` (emptied first). Returns the version written. */
export async function writeReleaseLayout(out) {
  const version = readJson(join(ROOT, 'package.json')).version;
  rmSync(out, { recursive: true, force: true });
  for (const name of Object.keys(ACTIONS)) githubAction(out, name, version);
  for (const channel of ['gitlab', 'circleci', 'buildkite', 'jenkins', 'bitbucket'])
    copyTemplate(join(ROOT, 'templates', channel), join(out, channel), version);
  await npmPackage(out, version);
  // The pipe's Dockerfile checks the release asset it downloads against this checksum.
  const sum = `aws-ci-kit-${version}.mjs.sha256`;
  cpSync(join(out, 'release-assets', sum), join(out, 'bitbucket', sum));
  for (const dir of [
    ...Object.keys(ACTIONS).map((name) => join(out, 'github', name)),
    ...CHANNELS.filter((c) => c !== 'github').map((c) => join(out, c)),
  ]) {
    cpSync(join(ROOT, 'LICENSE'), join(dir, 'LICENSE'));
    if (!existsSync(join(dir, 'VERSION'))) writeFileSync(join(dir, 'VERSION'), `${version}\n`);
  }
  return version;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const target = process.argv[2];
  if (!target) {
    console.error('usage: node scripts/release-layout.mjs <dir>');
    process.exit(2);
  }
  const out = resolve(target);
  const version = await writeReleaseLayout(out);
  console.log(
    `Release layout ${version} in ${relative(process.cwd(), out) || '.'}: ${CHANNELS.join(', ')}, release-assets`,
  );
}
