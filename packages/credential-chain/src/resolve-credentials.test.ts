import { describe, expect, it } from 'vitest';
import { resolveCredentials } from './resolve-credentials.ts';
import { chainContext } from './test/chain-context.ts';

const MACHINE = { HOME: '/nonexistent', AWS_EC2_METADATA_DISABLED: 'true' };

describe('resolveCredentials', () => {
  it('without a role: the source credentials, masked, as they came', async () => {
    const { ctx, record } = chainContext({
      env: {
        ...MACHINE,
        AWS_ACCESS_KEY_ID: 'AKIA',
        AWS_SECRET_ACCESS_KEY: 'se+cr/et',
        AWS_SESSION_TOKEN: 'tok',
      },
      inputs: { 'special-characters-workaround': 'true' },
    });
    // The workaround only asks STS again for a role's keys: these are kept as they are.
    expect(await resolveCredentials(ctx, { assumeInputRole: true, ambientOnly: false })).toEqual({
      credentials: { accessKeyId: 'AKIA', secretAccessKey: 'se+cr/et', sessionToken: 'tok' },
      source: 'environment',
    });
    expect(record.masked).toEqual(new Set(['AKIA', 'se+cr/et', 'tok']));
  });
});
