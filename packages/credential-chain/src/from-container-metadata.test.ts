import { describe, expect, it } from 'vitest';
import { fromContainerMetadata } from './from-container-metadata.ts';
import { chainContext, failure } from './test/chain-context.ts';

// The SDK provider itself runs against a fake endpoint in test/credentials/machine-sources.
describe('fromContainerMetadata', () => {
  it('falls through without AWS_CONTAINER_CREDENTIALS_*_URI', async () => {
    expect(await failure(fromContainerMetadata(chainContext({}).ctx)())).toEqual({
      message: 'No credentials from container credentials.',
      hint: undefined,
      tryNextLink: true,
      code: 'SourceNotConfigured',
    });
  });
});
