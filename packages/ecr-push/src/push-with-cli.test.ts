import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recordingRuntime } from '@aws-ci-kit/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { destinationOf } from './destination.ts';
import { ContainerCli, type EcrLogin } from './ecr/index.ts';
import { type PushPlan, readEcrPushPlan } from './plan.ts';
import { buildImage, pushWithCli } from './push-with-cli.ts';
import { fakeCli } from './testing/fakes.ts';

const LOGIN: EcrLogin = {
  registry: '111122223333.dkr.ecr.eu-west-1.amazonaws.com',
  proxyEndpoint: 'https://111122223333.dkr.ecr.eu-west-1.amazonaws.com',
  username: 'AWS',
  password: 'p',
};
const URI = `${LOGIN.registry}/prod/web`;
const DIGEST = `sha256:${'c'.repeat(64)}`;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'push-with-cli-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function setUp(inputs: Record<string, string>) {
  const rt = recordingRuntime({
    inputs: { repository: 'prod/web', tags: 'v1,latest', ...inputs },
    context: { commitSha: 'b'.repeat(40) },
    exec: fakeCli({ digest: DIGEST }),
  });
  const plan: PushPlan | { kind: 'login' } = await readEcrPushPlan(rt);
  if (plan.kind !== 'push') throw new Error('expected a push plan');
  const cli = new ContainerCli(rt, 'docker', dir);
  const commands = () => rt.execs.map((e) => [e.command, ...e.args].join(' '));
  return { rt, plan, cli, destination: destinationOf(plan, [LOGIN]), commands };
}

describe('build with the container CLI', () => {
  it('builds one platform tagged with every reference, labelled with the source; returns the first', async () => {
    const { rt, plan, cli, destination, commands } = await setUp({
      dockerfile: 'Dockerfile',
      context: 'app',
      'build-args': 'VERSION=1',
      platform: 'linux/arm64',
    });
    if (plan.image.kind !== 'build') throw new Error('expected a build');
    expect(await buildImage(rt, cli, plan.image.build, plan.cache, destination)).toBe(`${URI}:v1`);
    expect(commands()).toEqual([
      `docker build --file Dockerfile --tag ${URI}:v1 --tag ${URI}:latest --build-arg VERSION=1 --platform linux/arm64 --label org.opencontainers.image.revision=${'b'.repeat(40)} app`,
    ]);
    expect(rt.events).toContainEqual({ kind: 'group', title: `Build ${URI}:v1` });
  });
});

describe('push with the container CLI', () => {
  it("tags the engine's image with each reference and pushes each; the digest is the first reported", async () => {
    const { rt, cli, destination, commands } = await setUp({ image: 'web:1' });
    const pushed = await pushWithCli(rt, cli, 'web:1', destination, dir);
    expect(commands()).toEqual([
      `docker tag web:1 ${URI}:v1`,
      `docker push ${URI}:v1`,
      `docker tag web:1 ${URI}:latest`,
      `docker push ${URI}:latest`,
    ]);
    expect(pushed).toEqual({ digest: DIGEST, cli: 'docker', local: { cli, image: 'web:1' } });
    expect(rt.events).toContainEqual({ kind: 'group', title: `Push ${URI} (docker)` });
  });

  it('a built image already carries its references: nothing to tag', async () => {
    const { rt, cli, destination, commands } = await setUp({ dockerfile: 'Dockerfile' });
    await pushWithCli(rt, cli, `${URI}:v1`, destination, dir);
    expect(commands()).toEqual([
      `docker push ${URI}:v1`,
      `docker tag ${URI}:v1 ${URI}:latest`,
      `docker push ${URI}:latest`,
    ]);
  });
});
