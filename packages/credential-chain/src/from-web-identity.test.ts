import { describe, expect, it } from 'vitest';
import { fromWebIdentity } from './from-web-identity.ts';
import { chainContext, failure } from './test/chain-context.ts';

const idToken = async () => 'jwt';
const OIDC_ENV = {
  ACTIONS_ID_TOKEN_REQUEST_URL: 'http://127.0.0.1:1/t',
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'x',
};

describe('fromWebIdentity', () => {
  it('falls through without a role, and with role chaining', async () => {
    expect(await failure(fromWebIdentity(chainContext({ env: OIDC_ENV, idToken }).ctx)())).toMatchObject({
      tryNextLink: true,
    });
    const chaining = chainContext({
      env: OIDC_ENV,
      idToken,
      inputs: { 'role-to-assume': 'arn:aws:iam::123456789012:role/r', 'role-chaining': 'true' },
    });
    expect(await failure(fromWebIdentity(chaining.ctx)())).toMatchObject({ tryNextLink: true });
  });

  it("needs the role's full ARN", async () => {
    const name = chainContext({ env: OIDC_ENV, idToken, inputs: { 'role-to-assume': 'deployer' } });
    expect(await failure(fromWebIdentity(name.ctx)())).toMatchObject({
      message: 'OIDC needs the role\'s full ARN, got "deployer".',
      hint: 'Set `role-to-assume` to arn:aws:iam::<account>:role/deployer.',
      tryNextLink: false,
    });
  });

  it('a token file without a role is an error', async () => {
    const file = chainContext({ inputs: { 'web-identity-token-file': '/nonexistent/token' } });
    expect(await failure(fromWebIdentity(file.ctx)())).toMatchObject({
      message: 'A web identity token file is set but no role to assume.',
      tryNextLink: false,
    });
  });
});
