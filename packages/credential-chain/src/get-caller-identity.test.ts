import { afterEach, describe, expect, it } from 'vitest';
import { getCallerIdentity } from './get-caller-identity.ts';
import { failure } from './test/chain-context.ts';
import { errorXml, type FakeSts, identityXml, startFakeSts } from './test/fake-sts.ts';

const keys = { accessKeyId: 'AKIA', secretAccessKey: 'S' };
const retry = { maxAttempts: 2, totalMs: 5000 };
let sts: FakeSts | undefined;
afterEach(async () => sts?.close());

describe('getCallerIdentity', () => {
  it('asks STS who the credentials belong to', async () => {
    sts = await startFakeSts(() => ({
      xml: identityXml('arn:aws:iam::123456789012:user/ci', '123456789012'),
    }));
    expect(await getCallerIdentity(sts.context, keys, retry, 'environment')).toEqual({
      account: '123456789012',
      arn: 'arn:aws:iam::123456789012:user/ci',
      userId: 'AIDA',
    });
    expect(sts.requests).toEqual([{ Action: 'GetCallerIdentity', Version: '2011-06-15' }]);
  });

  it('an STS error is one line naming the call and the source, not retried when it is AccessDenied', async () => {
    sts = await startFakeSts(() =>
      errorXml('InvalidClientTokenId', 'The security token included in the request is invalid.'),
    );
    const error = await failure(getCallerIdentity(sts.context, keys, retry, 'environment'));
    expect(error.message).toMatch(
      /^GetCallerIdentity with credentials from environment failed: InvalidClientTokenId/,
    );
    expect(error.tryNextLink).toBe(false);
  });
});
