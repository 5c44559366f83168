/**
 * Failures that used to be slow, vague or outlive the step, through the built bundles on both CIs:
 * each now fails in one line naming its input or file, quickly, and the process exits at once.
 */
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Ci, runStep } from '../support/ci/index.ts';
import {
  baseOptions,
  bundle,
  CIS,
  IN,
  type ReliabilityBed,
  STEPS,
  startReliabilityBed,
} from './support/bed.ts';

let bed: ReliabilityBed;
beforeAll(async () => {
  bed = await startReliabilityBed();
}, 180_000);
const tried = { runs: 0, slowest: 0 };
afterAll(async () => {
  await bed?.stop();
  console.log(`[fail-fast suite] runs=${tried.runs} slowest-ms=${tried.slowest}`);
});

async function fail(
  ci: Ci,
  step: (typeof STEPS)[number],
  inputs: Record<string, string>,
  env: Record<string, string> = {},
) {
  const run = await runStep(ci, bundle(step, ci), {
    ...baseOptions(bed, ci, { env, timeoutMs: 30_000 }),
    inputs,
    post: false,
  });
  tried.runs += 1;
  tried.slowest = Math.max(tried.slowest, run.main.durationMs);
  expect(run.main.exitCode).toBe(1);
  expect(run.main.errors).toHaveLength(1);
  expect(run.main.errors[0]).not.toMatch(/[\r\n]/);
  expect(run.main.errors[0]).toMatch(/ Fix: /);
  return run.main;
}

describe.each(CIS)('on %s', (ci) => {
  const n = IN[ci];
  const keys = () => ({
    [n.region]: bed.region,
    [n.keyId]: bed.ssm.bed.toolkitUser.accessKeyId,
    [n.secret]: bed.ssm.bed.toolkitUser.secretAccessKey,
  });

  it.each(STEPS)(
    '%s: a control character in the session token fails at once and the process exits within 2 s',
    async (step) => {
      const own: Record<string, string> = step === 'ssm' ? { names: '/app/prod/DB_HOST=H' } : {};
      const main = await fail(ci, step, { ...keys(), ...own, [n.token]: 'IQoJb3\u0001JpZ2luX2Vj' });
      expect(main.errors[0]).toMatch(
        new RegExp(`^Input \`${n.token}\` holds a space, control or non-ASCII character`),
      );
      expect(main.durationMs).toBeLessThan(2_000);
    },
  );

  it('a control character in a key from the environment fails at the request, and the process still exits within 2 s', async () => {
    const main = await fail(
      ci,
      'credentials',
      { [n.region]: bed.region },
      {
        AWS_ACCESS_KEY_ID: 'AKIA\u0001EXAMPLE',
        AWS_SECRET_ACCESS_KEY: 'secret',
      },
    );
    expect(main.errors[0]).toMatch(/a character HTTP cannot carry/);
    expect(main.durationMs).toBeLessThan(2_000);
  });

  it('an input the mode does not read is still checked, and a valid one other than its default is ignored with one warning', async () => {
    const gm = ci === 'github' ? 'global-match' : 'globalMatch';
    const main = await fail(ci, 'ssm', { ...keys(), names: '/app/prod/DB_HOST=H', [gm]: 'maybe' });
    expect(main.errors[0]).toMatch(new RegExp(`^Input \`${gm}\` must be true or false, got "maybe"`));
    const run = await runStep(ci, bundle('ssm', ci), {
      ...baseOptions(bed, ci),
      inputs: {
        ...keys(),
        [n.role]: bed.ssm.bed.roles.pipeline.arn,
        [n.externalId]: bed.ssm.bed.externalId,
        names: '/app/prod/DB_HOST=H',
        // Its default (true) is passed by the CI on every run and is not worth a warning; false is.
        [gm]: 'false',
      },
      post: false,
    });
    expect(run.main.exitCode).toBe(0);
    const warnings = run.main.lines.filter((l) => /ignored: .* has no `substitute` step/.test(l));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`\`${gm}\``);
  });

  it('a misspelt region fails at once, with the region it meant', async () => {
    const main = await fail(ci, 'credentials', { ...keys(), [n.region]: 'eu-centrall-1' });
    expect(main.errors[0]).toMatch(
      /"eu-centrall-1" from input .* is not an AWS region .* Did you mean eu-central-1\?/,
    );
    expect(main.durationMs).toBeLessThan(2_000);
  });

  it('a proxy that is not http(s) fails at once', async () => {
    const main = await fail(ci, 'ssm', { ...keys(), [n.proxy]: 'ftp://x', names: '/app/prod/DB_HOST=H' });
    expect(main.errors[0]).toMatch(/^The proxy URL uses ftp:, not http: or https:/);
    expect(main.durationMs).toBeLessThan(2_000);
  });

  it('more than 50 session tags, or a tag key AWS refuses, is an error before any call (never dropped or renamed)', async () => {
    const many = Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`k${i}`, 'v']));
    let main = await fail(ci, 'credentials', {
      ...keys(),
      [n.role]: bed.ssm.bed.roles.pipeline.arn,
      [n.customTags]: JSON.stringify(many),
    });
    expect(main.errors[0]).toMatch(
      new RegExp(`^Input \`${n.customTags}\` makes [67]\\d session tags .* at most 50`),
    );
    main = await fail(ci, 'credentials', {
      ...keys(),
      [n.role]: bed.ssm.bed.roles.pipeline.arn,
      [n.customTags]: '{"Team!":"web"}',
    });
    expect(main.errors[0]).toMatch(/has the tag key "Team!", which AWS does not accept/);
    expect(bed.ssm.proxy.calls().filter((c) => c.action === 'AssumeRole' && c.body.includes('Team'))).toEqual(
      [],
    );
  });

  it('a 10 KB value is cut in the error line', async () => {
    const main = await fail(ci, 'credentials', {
      ...keys(),
      [ci === 'github' ? 'verify-identity' : 'verifyIdentity']: 'x'.repeat(10_240),
    });
    expect(main.errors[0]).toMatch(/…" \(10240 characters\)/);
    expect(main.errors[0]!.length).toBeLessThan(400);
  });

  it('a malformed credentials file is reported at its line, not as a missing profile', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aws-files-'));
    writeFileSync(
      join(dir, 'credentials'),
      '[default]\naws_access_key_id = AKIA\n\n[Profile_Name\naws_access_key_id = x\n',
    );
    writeFileSync(join(dir, 'config'), '');
    const main = await fail(
      ci,
      'credentials',
      { [n.region]: bed.region },
      {
        AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
        AWS_CONFIG_FILE: join(dir, 'config'),
        AWS_PROFILE: 'Profile_Name',
      },
    );
    expect(main.errors[0]).toMatch(
      /credentials line 4 is malformed: "\[Profile_Name" is not a section header\. Fix: .*closing \]/,
    );
  });

  it('a credentials path through a file is one line, not a raw ENOTDIR', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aws-files-'));
    writeFileSync(join(dir, 'file'), '');
    const main = await fail(
      ci,
      'credentials',
      { [n.region]: bed.region },
      {
        AWS_SHARED_CREDENTIALS_FILE: join(dir, 'file', 'credentials'),
        AWS_PROFILE: 'x',
      },
    );
    expect(main.errors[0]).toMatch(
      /^The AWS credentials file .* has a file where a directory should be in its path\./,
    );
    expect(main.errors[0]).not.toMatch(/ENOTDIR/);
  });

  it('a credential_process that never answers fails within its deadline, its stderr never shown', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aws-files-'));
    mkdirSync(join(dir, 'bin'));
    const helper = join(dir, 'bin', 'hang.sh');
    writeFileSync(helper, '#!/bin/sh\necho "token=sup3r-s3cret-stderr" >&2\nsleep 600\n');
    chmodSync(helper, 0o755);
    writeFileSync(join(dir, 'config'), `[profile hang]\ncredential_process = ${helper}\n`);
    writeFileSync(join(dir, 'credentials'), '');
    const main = await fail(
      ci,
      'credentials',
      { [n.region]: bed.region, [n.credentialsTimeout]: '3' },
      {
        AWS_CONFIG_FILE: join(dir, 'config'),
        AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
        AWS_PROFILE: 'hang',
        PATH: '/usr/bin:/bin',
      },
    );
    expect(main.errors[0]).toMatch(
      /^The credential_process of profile `hang` did not answer within 2\.\d s\./,
    );
    expect(main.durationMs).toBeLessThan(6_000);
    expect(main.lines.join('\n')).not.toContain('sup3r-s3cret-stderr');
  });
});
