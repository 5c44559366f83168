import { recordingRuntime } from '@aws-ci-kit/core/testing';
import { describe, expect, it } from 'vitest';
import { destinationOf } from './destination.ts';
import type { EcrLogin } from './ecr/index.ts';
import { readEcrPushPlan } from './plan.ts';

const login = (account: string): EcrLogin => ({
  registry: `${account}.dkr.ecr.eu-west-1.amazonaws.com`,
  proxyEndpoint: `https://${account}.dkr.ecr.eu-west-1.amazonaws.com`,
  username: 'AWS',
  password: 'p',
});
const OWN = login('111122223333');
const OTHER = login('444455556666');

async function destination(inputs: Record<string, string>, logins: EcrLogin[]) {
  const plan = await readEcrPushPlan(recordingRuntime({ inputs: { image: 'web:1', ...inputs } }));
  if (plan.kind !== 'push') throw new Error('expected a push plan');
  return destinationOf(plan, logins);
}

describe('destinationOf', () => {
  it("a bare name goes to the caller's own registry, under every tag, the first being the image URI", async () => {
    const d = await destination({ repository: 'prod/web', registries: '444455556666', tags: 'v1,v2' }, [
      OTHER,
      OWN,
    ]);
    expect(d).toEqual({
      login: OWN,
      url: OWN.proxyEndpoint,
      host: OWN.registry,
      repository: 'prod/web',
      repositoryUri: `${OWN.registry}/prod/web`,
      imageUri: `${OWN.registry}/prod/web:v1`,
      refs: [`${OWN.registry}/prod/web:v1`, `${OWN.registry}/prod/web:v2`],
    });
  });

  it("a registry host picks that registry's login", async () => {
    const d = await destination({ repository: `${OTHER.registry}/web`, tags: 'v1' }, [OWN, OTHER]);
    expect(d.login).toBe(OTHER);
    expect(d.imageUri).toBe(`${OTHER.registry}/web:v1`);
  });

  it('`registry-endpoint` sends the registry traffic elsewhere (a host gets https://), the names stay', async () => {
    const host = await destination(
      { repository: 'web', tags: 'v1', 'registry-endpoint': 'vpce.example:8443/' },
      [OWN],
    );
    expect(host.url).toBe('https://vpce.example:8443');
    expect(host.repositoryUri).toBe(`${OWN.registry}/web`);
    const url = await destination(
      { repository: 'web', tags: 'v1', 'registry-endpoint': 'http://127.0.0.1:5000' },
      [OWN],
    );
    expect(url.url).toBe('http://127.0.0.1:5000');
  });
});
