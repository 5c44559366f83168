import { describe, expect, it } from 'vitest';
import { fromInstanceMetadata } from './from-instance-metadata.ts';
import { chainContext, failure } from './test/chain-context.ts';

// The SDK provider itself runs against a fake IMDS in test/credentials/machine-sources.
describe('fromInstanceMetadata', () => {
  it('falls through when AWS_EC2_METADATA_DISABLED is true (any case)', async () => {
    const { ctx } = chainContext({ env: { AWS_EC2_METADATA_DISABLED: 'TRUE' } });
    expect(await failure(fromInstanceMetadata(ctx)())).toEqual({
      message: 'No credentials from instance metadata (disabled).',
      hint: undefined,
      tryNextLink: true,
      code: 'SourceNotConfigured',
    });
  });
});
