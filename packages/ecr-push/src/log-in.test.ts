import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeError } from '@aws-ci-kit/core';
import { recordingRuntime } from '@aws-ci-kit/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logIn, outputSuffix } from './log-in.ts';
import { readEcrPushPlan } from './plan.ts';
import { fakeCli, fakeEcr, noEcrPublic, writeOciLayout } from './testing/fakes.ts';

let layout: string;
beforeAll(async () => {
  layout = await mkdtemp(join(tmpdir(), 'log-in-'));
  await writeOciLayout(layout);
});
afterAll(() => rm(layout, { recursive: true, force: true }));

const OWN = { proxyEndpoint: 'https://111122223333.dkr.ecr.eu-west-1.amazonaws.com', password: 'own-pass-1' };
const OTHER = {
  proxyEndpoint: 'https://444455556666.dkr.ecr.eu-west-1.amazonaws.com',
  password: 'other-pass-2',
};
const OWN_HOST = '111122223333.dkr.ecr.eu-west-1.amazonaws.com';
const OTHER_HOST = '444455556666.dkr.ecr.eu-west-1.amazonaws.com';

async function run(
  inputs: Record<string, string>,
  options: { postStep?: boolean; exec?: ReturnType<typeof fakeCli>; env?: Record<string, string> } = {},
) {
  const rt = recordingRuntime({
    inputs,
    env: { HOME: '/nonexistent', ...options.env },
    rules: { postStep: options.postStep ?? true },
    tempDir: layout,
    ...(options.exec ? { exec: options.exec } : {}),
  });
  const ecr = fakeEcr([OWN, OTHER]);
  const plan = await readEcrPushPlan(rt);
  const session = await logIn(rt, { ecr: async () => ecr.client, ecrPublic: noEcrPublic }, plan);
  return { rt, session, calls: ecr.calls };
}

describe('log in only', () => {
  it('masks the token and password, writes the private config, logs the CLI in on stdin, hands the login on', async () => {
    const { rt, session } = await run({ 'container-cli': 'docker' }, { exec: fakeCli() });
    expect(rt.masks).toContain('own-pass-1');
    expect(rt.unmaskedUses('own-pass-1')).toEqual([]);
    const config = JSON.parse(await readFile(join(session.configDir, 'config.json'), 'utf8'));
    expect(Object.keys(config.auths)).toEqual([OWN_HOST]);
    expect(rt.execs.map((e) => [e.command, ...e.args].join(' '))).toEqual([
      `docker login --username AWS --password-stdin ${OWN_HOST}`,
    ]);
    expect(rt.execs[0]?.options.stdin).toBe('own-pass-1');
    expect(session.cli?.name).toBe('docker');
    expect(Object.fromEntries(rt.stateMap)).toEqual({
      ecrDockerConfig: session.configDir,
      ecrRegistries: OWN_HOST,
      ecrSkipLogout: 'false',
      ecrLoginCli: 'docker',
    });
    expect(rt.variables.get('DOCKER_CONFIG')?.value).toBe(session.configDir);
    expect(rt.variables.get('REGISTRY_AUTH_FILE')?.value).toBe(join(session.configDir, 'config.json'));
    expect(rt.outputs.get('registry')?.value).toBe(OWN_HOST);
    expect(rt.outputs.get(`docker_password_${outputSuffix(OWN_HOST)}`)).toEqual({
      value: 'own-pass-1',
      secret: true,
    });
    expect(rt.logText()).toContain(`Token for ${OWN_HOST} (valid until 2030-01-01T00:00:00.000Z).`);
  });

  it('without a container CLI the login is in the config file only', async () => {
    const none = async () => ({ code: 127, stdout: '', stderr: 'not found' });
    const { rt, session } = await run({ registries: '444455556666' }, { exec: none });
    expect(session.cli).toBeUndefined();
    expect(rt.logText()).toContain('No container CLI found: the login is in the Docker config file only.');
    expect(rt.outputs.has('registry')).toBe(true);
  });

  it('on a CI without a post step it needs a Docker config the user names', async () => {
    const error = await run({}, { postStep: false }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(describeError(error)).toMatch(
      /^Logging in only: the CI runs no post step that would remove the login, so it needs a Docker config you name\./,
    );
  });
});

describe('log in to push', () => {
  it('an archive needs no CLI; without a post step nothing is handed on', async () => {
    const { rt, session } = await run({ repository: 'prod/web', image: layout }, { postStep: false });
    expect(session.cli).toBeUndefined();
    expect(rt.execs).toEqual([]);
    expect(rt.variables.size).toBe(0);
    expect(rt.outputs.size).toBe(0);
  });

  it("another account's repository: a second token for that account", async () => {
    const { session, calls } = await run(
      { repository: `${OTHER_HOST}/prod/web`, image: 'web:1', 'container-cli': 'podman' },
      { exec: fakeCli() },
    );
    expect(calls.filter((c) => c.command === 'GetAuthorizationTokenCommand').map((c) => c.input)).toEqual([
      {},
      { registryIds: ['444455556666'] },
    ]);
    expect(session.logins.map((l) => l.registry)).toEqual([OWN_HOST, OTHER_HOST]);
  });

  it('a registry that is not ECR is refused', async () => {
    const error = await run({ repository: 'registry.example.com/prod/web', image: 'web:1' }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(describeError(error)).toBe(
      'registry.example.com is not an Amazon ECR registry. Fix: Give a repository name, or <account>.dkr.ecr.<region>.amazonaws.com/<name>.',
    );
  });
});
