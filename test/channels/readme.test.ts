/**
 * The root README's shell snippets for every other CI (under "Use it" and "Every other CI"), run
 * unchanged under `bash -xe` (xtrace: every command printed, as Jenkins' `sh -xe` does) through the
 * layout's single-file CLI against moto, with only the README's placeholders replaced as a user
 * does: the role (`role/ci` -> the bed's pipeline role) and the job's own source keys, here the
 * Jenkins way (AWS_CI_KIT_AWS_ACCESS_KEY_ID / _SECRET_ACCESS_KEY, and the role's external id). The
 * README's GitLab snippet runs in gitlab.test.ts.
 */
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type CredentialsBed, startCredentialsBed } from '../credentials/support/bed.ts';
import {
  baseJobEnv,
  expectNoSecret,
  type Layout,
  README_PARAMETER,
  ROLE_ARN,
  readmeBlocks,
  runShell,
  seedReadmeParameter,
  writeLayout,
} from './support/channels.ts';

let t: CredentialsBed;
let layout: Layout;
beforeAll(async () => {
  [t, layout] = await Promise.all([startCredentialsBed(), writeLayout()]);
  await seedReadmeParameter(t.endpoint, t.bed.region, t.bed.admin);
}, 180_000);
afterAll(async () => {
  await t?.stop();
});

const snippets = () => [
  ...readmeBlocks('bash', '**Any other CI**', /^\*\*npm\*\*/m),
  ...readmeBlocks('bash', '### Every other CI', /^## /m),
];

/** A job folder with the README's ./deploy.sh: the AWS CLI's identity, DB_PASSWORD to a file and echoed. */
function job(externalId: string) {
  const cwd = mkdtempSync(join(layout.bin, '..', 'akit-readme-job-'));
  writeFileSync(
    join(cwd, 'deploy.sh'),
    `#!/bin/sh\nset -e\naws sts get-caller-identity --query Arn --output text\n[ -z "\${DB_PASSWORD-}" ] || printf %s "$DB_PASSWORD" >> ${cwd}/db-password\necho "deploying with $DB_PASSWORD"\n`,
  );
  chmodSync(join(cwd, 'deploy.sh'), 0o755);
  const env = baseJobEnv(layout.bin, t.endpoint, {
    AWS_CI_KIT_AWS_ACCESS_KEY_ID: t.bed.toolkitUser.accessKeyId,
    AWS_CI_KIT_AWS_SECRET_ACCESS_KEY: t.bed.toolkitUser.secretAccessKey,
    AWS_CI_KIT_ROLE_EXTERNAL_ID: externalId,
  });
  return { cwd, env };
}
const asUser = (snippet: string) => snippet.replaceAll(':role/ci ', `:role/${t.bed.roles.pipeline.name} `);

it('finds the snippets: exec for one command, a credential_process profile for the rest', () => {
  const all = snippets();
  expect(all).toHaveLength(2);
  expect(all.join('\n')).not.toMatch(/eval|npx/);
});

it.each([0, 1])(
  'snippet %i under bash -xe: the AWS CLI is the role, no secret in the log',
  async (index) => {
    const { cwd, env } = job(t.bed.externalId);
    const run = await runShell(['bash', '-xe', '-c', asUser(snippets()[index]!)], env, { cwd });
    expect(run.code, run.log).toBe(0);
    expect(run.log).toMatch(/^\+ /m);
    expect(run.log).toMatch(ROLE_ARN);
    if (existsSync(join(cwd, 'db-password'))) {
      expect(readFileSync(join(cwd, 'db-password'), 'utf8')).toBe(README_PARAMETER.value);
      expect(run.log).toContain('deploying with ***');
    }
    expectNoSecret(run.log, [README_PARAMETER.value, t.bed.toolkitUser.secretAccessKey]);
  },
  120_000,
);

it.each([0, 1])(
  'snippet %i: a failing credentials call (refused external id) fails it; ./deploy.sh never runs',
  async (index) => {
    const { cwd, env } = job('not-the-external-id');
    const run = await runShell(['bash', '-xe', '-c', asUser(snippets()[index]!)], env, { cwd });
    expect(run.code).not.toBe(0);
    expect(existsSync(join(cwd, 'db-password'))).toBe(false);
    expect(run.log).not.toMatch(ROLE_ARN);
    expectNoSecret(run.log, [t.bed.toolkitUser.secretAccessKey]);
  },
  120_000,
);
