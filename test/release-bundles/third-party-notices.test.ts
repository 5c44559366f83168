// Each committed dist/ carries THIRD_PARTY_NOTICES.md naming every npm package esbuild put in its
// bundles (read from a fresh build's metafile), each with its licence text; a package that ships
// no licence file fails the build unless it is documented.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bundlePackage } from '../../scripts/bundle.mjs';
import { NO_LICENCE_FILE, owningPackage, thirdPartyNotice } from '../../scripts/third-party-notices.mjs';
import { noticeProblems, packagesInMetafile } from './notice-check.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const PACKAGES = ['aws-credentials', 'ecr-push', 'ssm-secret'];
const scratch = mkdtempSync(join(tmpdir(), 'notices-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe.each(PACKAGES)('packages/%s/dist/THIRD_PARTY_NOTICES.md', (pkg) => {
  it('names every bundled package with its licence text, and nothing else', async () => {
    const packageDir = join(ROOT, 'packages', pkg);
    const { metafile } = await bundlePackage(packageDir, join(scratch, pkg));
    const bundled = packagesInMetafile(metafile, packageDir);
    expect(bundled.some((p) => p.startsWith('@aws-sdk/client-sts@'))).toBe(true);
    expect(bundled.length).toBeGreaterThan(20);
    const committed = readFileSync(join(packageDir, 'dist', 'THIRD_PARTY_NOTICES.md'), 'utf8');
    expect(noticeProblems(committed, bundled)).toEqual([]);
  });
});

describe('the notice check', () => {
  const notice = readFileSync(
    join(ROOT, 'packages', 'aws-credentials', 'dist', 'THIRD_PARTY_NOTICES.md'),
    'utf8',
  );

  it('fails when a bundled package is missing from the notice', () => {
    expect(
      noticeProblems(notice.replace(/^## @smithy\/core /m, '## @smithy/not-core '), ['@smithy/core@3.41.0']),
    ).toContain('@smithy/core@3.41.0: missing from the notice');
  });

  it('fails when a package has no licence text', () => {
    const stripped = notice.replace(/(^## bowser [^\n]*\n[\s\S]*?)^```text\n[\s\S]*?\n```$/m, '$1');
    const bowser = [...notice.matchAll(/^## (bowser) (\S+)/gm)].map((m) => `${m[1]}@${m[2]}`);
    expect(bowser).toHaveLength(1);
    const about = (problems: string[]) => problems.filter((p) => p.startsWith(`${bowser[0]}:`));
    expect(about(noticeProblems(notice, bowser))).toEqual([]);
    expect(about(noticeProblems(stripped, bowser))).toEqual([`${bowser[0]}: no licence text`]);
  });

  it('refuses to generate a notice for a package that ships no licence file and is not documented', () => {
    const dir = join(scratch, 'node_modules', 'unlicensed-example');
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, 'package.json'),
      JSON.stringify({ name: 'unlicensed-example', version: '1.2.3', license: 'MIT' }),
    );
    writeFileSync(join(dir, 'index.js'), 'export {};\n');
    const pkg = owningPackage(join(dir, 'index.js'));
    expect(pkg?.name).toBe('unlicensed-example');
    expect(() => thirdPartyNotice('example', [pkg!])).toThrow(
      /unlicensed-example@1\.2\.3: no LICENSE\/LICENCE\/COPYING file; .*NO_LICENCE_FILE/,
    );
  });

  it('says so, with the standard text, for each documented package without a licence file', () => {
    for (const name of Object.keys(NO_LICENCE_FILE)) {
      const section = notice.split(/^## /m).find((s) => s.startsWith(`${name} `));
      if (!section) continue; // documented for another package's bundles
      expect(section).toContain('This package ships no licence file');
      expect(section).toMatch(/```text\n(\s*Apache License|MIT License)/);
    }
  });
});
