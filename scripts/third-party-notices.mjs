// The third-party notice of a dist folder: every npm package esbuild put in its bundles (from the
// build's metafile `inputs`), each with its version, licence and the licence text it ships.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';

const LICENCE_FILE = /^(licen[cs]e|copying)([.-].*)?$/i;
const NOTICE_FILE = /^notice([.-].*)?$/i;

const SDK_REPO =
  'Its npm tarball carries no licence file; the package is part of aws/aws-sdk-js-v3, whose LICENSE is the Apache License 2.0.';
/**
 * Packages that ship no licence file, each with what was checked. The notice names such a package
 * with its `license` field, this statement and the standard text of that licence; a package that
 * ships no licence file and is not listed here fails the build and the notices test.
 * @type {Record<string, string>}
 */
export const NO_LICENCE_FILE = {
  '@aws-sdk/credential-provider-http': SDK_REPO,
  '@aws-sdk/credential-provider-login': SDK_REPO,
  '@aws-sdk/nested-clients': SDK_REPO,
  '@npmcli/agent':
    'Its npm tarball (a dependency of make-fetch-happen, used by @sigstore/sign in the keyless-signing chunk) carries only `lib/`; package.json declares ISC, repository npm/agent (npm, Inc.).',
  'java-properties':
    'Its npm tarball (a dependency of env-ci, in the CLI bundle) carries only its builds and README; package.json declares MIT, repository mattdsteele/java-properties.',
  'proxy-agent-negotiate':
    'Its npm tarball carries only `dist/`; the package is part of TooTallNate/proxy-agents, whose packages are MIT-licensed by Nathan Rajlich.',
};

const ROOT = dirname(dirname(new URL(import.meta.url).pathname));
const MIT = (holder) => `MIT License

Copyright (c) ${holder}

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.`;

const ISC = (holder) => `ISC License

Copyright (c) ${holder}

Permission to use, copy, modify, and/or distribute this software for any
purpose with or without fee is hereby granted, provided that the above
copyright notice and this permission notice appear in all copies.

THE SOFTWARE IS PROVIDED "AS IS" AND THE AUTHOR DISCLAIMS ALL WARRANTIES
WITH REGARD TO THIS SOFTWARE INCLUDING ALL IMPLIED WARRANTIES OF
MERCHANTABILITY AND FITNESS. IN NO EVENT SHALL THE AUTHOR BE LIABLE FOR
ANY SPECIAL, DIRECT, INDIRECT, OR CONSEQUENTIAL DAMAGES OR ANY DAMAGES
WHATSOEVER RESULTING FROM LOSS OF USE, DATA OR PROFITS, WHETHER IN AN
ACTION OF CONTRACT, NEGLIGENCE OR OTHER TORTIOUS ACTION, ARISING OUT OF
OR IN CONNECTION WITH THE USE OR PERFORMANCE OF THIS SOFTWARE.`;

/** The standard text of an SPDX licence, for a package that ships none (the root LICENSE is Apache-2.0's). */
function standardText(pkg) {
  if (pkg.license === 'Apache-2.0') return text(join(ROOT, 'LICENSE'));
  if (pkg.license === 'MIT') return MIT(String(pkg.author ?? pkg.name).replace(/\s*[<(].*$/, ''));
  if (pkg.license === 'ISC') return ISC(String(pkg.author ?? pkg.name).replace(/\s*[<(].*$/, ''));
  throw new Error(
    `${pkg.name}: no standard text for licence ${pkg.license}; add one in scripts/third-party-notices.mjs.`,
  );
}

/** The npm package that holds `file`: the nearest package.json with a name, or undefined for our own code. */
export function owningPackage(file) {
  if (!file.split(sep).includes('node_modules')) return undefined;
  let dir = dirname(file);
  while (dir !== dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      const json = JSON.parse(readFileSync(manifest, 'utf8'));
      if (json.name && json.version)
        return {
          dir,
          name: json.name,
          version: json.version,
          license: json.license,
          author: json.author?.name ?? json.author,
        };
    }
    dir = dirname(dir);
  }
  throw new Error(`${file}: no package.json with a name above it`);
}

/** The inputs that put at least one byte into an output (tree-shaken-away modules do not count). */
export function contributingInputs(metafile) {
  const used = new Set();
  for (const output of Object.values(metafile.outputs))
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs))
      if (bytesInOutput > 0) used.add(input);
  return [...used].sort();
}

/** The distinct npm packages whose code is in the outputs (paths relative to `cwd`), sorted by name. */
export function bundledPackages(metafile, cwd) {
  const found = new Map();
  for (const input of contributingInputs(metafile)) {
    if (input.includes(':')) continue; // virtual modules (the entry wrapper), never a package
    const pkg = owningPackage(resolve(cwd, input));
    if (pkg) found.set(`${pkg.name}@${pkg.version}`, pkg);
  }
  return [...found.values()].sort((a, b) =>
    a.name === b.name ? a.version.localeCompare(b.version) : a.name < b.name ? -1 : 1,
  );
}

function filesMatching(dir, pattern) {
  return readdirSync(dir)
    .filter((name) => pattern.test(name))
    .sort()
    .map((name) => join(dir, name));
}

function text(file) {
  return readFileSync(file, 'utf8').replace(/\r\n?/g, '\n').trimEnd();
}

const fence = (body) => {
  let ticks = '```';
  while (body.includes(ticks)) ticks += '`';
  return `${ticks}text\n${body}\n${ticks}`;
};

/**
 * The notice text for one dist folder. Throws, naming the package, when a bundled package ships
 * no licence file and is not in NO_LICENCE_FILE.
 */
export function thirdPartyNotice(title, packages) {
  const parts = [
    `# Third-party notices: ${title}`,
    '',
    'The bundles in this folder contain code from the npm packages below, each under its own',
    'licence, reproduced here as the package ships it. Generated by `scripts/bundle.mjs` from',
    "esbuild's metafile; do not edit.",
    '',
    ...packages.map((p) => `- ${p.name} ${p.version} (${p.license ?? 'no license field'})`),
  ];
  const unlicensed = packages.filter(
    (p) => filesMatching(p.dir, LICENCE_FILE).length === 0 && !NO_LICENCE_FILE[p.name],
  );
  if (unlicensed.length > 0)
    throw new Error(
      `${unlicensed.map((p) => `${p.name}@${p.version}`).join(', ')}: no LICENSE/LICENCE/COPYING file; add the licence text or document the package in NO_LICENCE_FILE (scripts/third-party-notices.mjs).`,
    );
  for (const pkg of packages) {
    parts.push('', `## ${pkg.name} ${pkg.version}`, '', `License: ${pkg.license ?? 'none declared'}`, '');
    const licences = filesMatching(pkg.dir, LICENCE_FILE);
    if (licences.length === 0) {
      const why = NO_LICENCE_FILE[pkg.name];
      parts.push(
        `This package ships no licence file; its package.json declares \`${pkg.license}\`. ${why} The standard text of that licence:`,
        '',
        fence(standardText(pkg)),
        '',
      );
    }
    for (const file of [...licences, ...filesMatching(pkg.dir, NOTICE_FILE)])
      parts.push(fence(text(file)), '');
  }
  return `${parts.join('\n').trimEnd()}\n`;
}
