import { recordingRuntime } from '@aws-ci-kit/core/testing';
import { describe, expect, it } from 'vitest';
import type { Pushed } from './destination.ts';
import { destinationOf } from './destination.ts';
import type { ManifestNode } from './ecr/image-types.ts';
import { ContainerCli, type EcrLogin, type PushResult } from './ecr/index.ts';
import { finishPush } from './finish-push.ts';
import { readEcrPushPlan } from './plan.ts';
import { fakeCli } from './testing/fakes.ts';

const LOGIN: EcrLogin = {
  registry: '111122223333.dkr.ecr.eu-west-1.amazonaws.com',
  proxyEndpoint: 'https://111122223333.dkr.ecr.eu-west-1.amazonaws.com',
  username: 'AWS',
  password: 'p',
};
const URI = `${LOGIN.registry}/prod/web`;
const digest = (c: string) => `sha256:${c.repeat(64)}`;
const node = (d: string, platform?: string, children: ManifestNode[] = []): ManifestNode => ({
  digest: d,
  mediaType: 'application/vnd.oci.image.index.v1+json',
  bytes: Buffer.alloc(0),
  children,
  blobs: [],
  ...(platform ? { platform } : {}),
});

/** Deps that must not be reached: nothing is signed unless asked. */
const noSigning = {
  registryClient: () => {
    throw new Error('the registry was called');
  },
};

async function finish(
  inputs: Record<string, string>,
  pushed: (rt: ReturnType<typeof recordingRuntime>) => Pushed,
) {
  const rt = recordingRuntime({
    inputs: { repository: 'prod/web', image: 'web:1', tags: 'v1,v2', ...inputs },
    exec: fakeCli(),
  });
  const plan = await readEcrPushPlan(rt);
  if (plan.kind !== 'push') throw new Error('expected a push plan');
  await finishPush(rt, noSigning, plan, destinationOf(plan, [LOGIN]), pushed(rt), new Date());
  const outputs = Object.fromEntries([...rt.outputs].map(([k, v]) => [k, v.value]));
  return { rt, outputs };
}

describe('after a push with a container CLI', () => {
  it('sets the image outputs and the output variable, removes the local image when asked, sums up', async () => {
    const { rt, outputs } = await finish(
      { 'output-variable': 'IMAGE_URI', 'remove-docker-image': 'true' },
      (rt) => ({
        digest: digest('d'),
        cli: 'podman',
        local: { cli: new ContainerCli(rt, 'podman', '/x'), image: 'web:1' },
      }),
    );
    expect(outputs).toEqual({
      'image-uri': `${URI}:v1`,
      'image-uris': `${URI}:v1,${URI}:v2`,
      tags: 'v1,v2',
      digest: digest('d'),
    });
    expect(rt.variables.get('IMAGE_URI')?.value).toBe(`${URI}:v1`);
    expect(rt.execs.map((e) => [e.command, ...e.args].join(' '))).toEqual(['podman rmi -f web:1']);
    expect(rt.logText()).toContain('Removed the local image web:1.');
    expect(rt.logText()).toContain(`Pushed ${URI}:v1, ${URI}:v2 (${digest('d')}).`);
    expect(rt.summaries).toHaveLength(1);
    expect(rt.summaries[0]).toContain('| Push | podman |');
    expect(rt.summaries[0]).toContain(`\`${digest('d')}\``);
  });

  it('no digest reported: no digest output, "unknown" in the summary', async () => {
    const { rt, outputs } = await finish({}, () => ({ digest: undefined, cli: 'docker' }));
    expect(outputs.digest).toBeUndefined();
    expect(rt.logText()).toContain(`Pushed ${URI}:v1, ${URI}:v2.`);
    expect(rt.summaries[0]).toContain('`unknown`');
  });
});

describe('after a daemonless push', () => {
  it("an index: each platform's digest as an output and in the summary; nothing local to remove", async () => {
    const top = node(digest('e'), undefined, [
      node(digest('1'), 'linux/amd64'),
      node(digest('2'), 'linux/arm64'),
    ]);
    const result: PushResult = {
      repositoryUri: URI,
      digest: digest('e'),
      mediaType: top.mediaType,
      tags: ['v1', 'v2'],
      platforms: ['linux/amd64', 'linux/arm64'],
      blobs: [],
      bytesUploaded: 0,
      bytesTotal: 2048,
      seconds: 1.5,
    };
    const { rt, outputs } = await finish({ 'remove-docker-image': 'true' }, () => ({
      digest: digest('e'),
      daemonless: { result, top },
    }));
    expect(outputs['platform-digests']).toBe(`linux/amd64=${digest('1')},linux/arm64=${digest('2')}`);
    expect(rt.execs).toEqual([]);
    expect(rt.logText()).toContain('No local image to remove: the image came from a file, not the engine.');
    expect(rt.summaries[0]).toContain('| Push | daemonless, 1\\.50 s |');
    expect(rt.summaries[0]).toContain(`| linux/arm64 | \`${digest('2')}\` |`);
  });
});
