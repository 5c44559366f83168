import { readFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { CiKitError, inputName, quoteValue } from '@aws-ci-kit/core';
import { assumeRoleWithWebIdentity } from './assume-role-with-web-identity.ts';
import { type ChainContext, notConfigured } from './chain-context.ts';
import { AWS_ENV, CREDENTIAL_INPUTS as IN } from './credential-inputs.ts';
import { maskOnce } from './mask-once.ts';
import type { SourcedCredentialsProvider } from './types.ts';

/**
 * Source 4: OIDC web identity. A token file (`web-identity-token-file` or AWS_WEB_IDENTITY_TOKEN_FILE,
 * for GitLab and other CIs), or the CI's own OIDC token for the job when `role-to-assume` is set without
 * keys and the runtime says the job may request one (`rules.jobIdToken`; GitHub: `id-token: write`). Configured but refused fails the chain.
 */
export function fromWebIdentity(context: ChainContext): SourcedCredentialsProvider {
  return async () => {
    const { runtime, settings } = context;
    const tokenFile = settings.webIdentityTokenFile ?? runtime.variable(AWS_ENV.webIdentityTokenFile);
    const roleArn = settings.roleToAssume ?? (tokenFile ? runtime.variable(AWS_ENV.roleArn) : undefined);
    const jobToken =
      runtime.rules.jobIdToken &&
      runtime.idToken !== undefined &&
      !settings.forceSkipOidc &&
      !settings.roleChaining &&
      !settings.accessKeyId;
    if (!tokenFile && !(jobToken && roleArn)) throw notConfigured('OIDC web identity');
    if (!roleArn) {
      throw new CiKitError('input', 'A web identity token file is set but no role to assume.', {
        code: 'InputMissing',
        hint: `Set \`${inputName(runtime, IN.roleToAssume)}\` (or AWS_ROLE_ARN) to the role's ARN.`,
      });
    }
    if (!roleArn.startsWith('arn:')) {
      throw new CiKitError('input', `OIDC needs the role's full ARN, got ${quoteValue(roleArn)}.`, {
        code: 'InputInvalid',
        hint: `Set \`${inputName(runtime, IN.roleToAssume)}\` to arn:aws:iam::<account>:role/${roleArn}.`,
      });
    }
    let token: () => Promise<string>;
    let tokenSource: string;
    if (tokenFile) {
      const workspace = runtime.context.workspace;
      const path = isAbsolute(tokenFile) || !workspace ? resolve(tokenFile) : resolve(workspace, tokenFile);
      tokenSource = `web identity token file ${path}`;
      token = async () => {
        let text: string;
        try {
          text = (await readFile(path, 'utf8')).trim();
        } catch (error) {
          throw new CiKitError('configuration', `Cannot read the web identity token file ${path}.`, {
            code: 'TokenFileUnreadable',
            cause: error,
            hint: 'Check the path and that an earlier step wrote the token there.',
          });
        }
        if (!text) {
          throw new CiKitError('configuration', `The web identity token file ${path} is empty.`, {
            code: 'TokenFileEmpty',
            hint: 'Write the OIDC token to the file before this step.',
          });
        }
        maskOnce(runtime, text);
        return text;
      };
    } else {
      tokenSource = `${runtime.rules.displayName} OIDC (audience ${settings.audience})`;
      const idToken = runtime.idToken as NonNullable<typeof runtime.idToken>;
      token = () => idToken.call(runtime, { audience: settings.audience });
    }
    const role = await assumeRoleWithWebIdentity(
      context.sts,
      token,
      {
        roleArn,
        sessionName: settings.roleSessionName ?? context.defaultSessionName,
        durationSeconds: settings.roleDurationSeconds,
        tokenSource,
        ...(settings.inlineSessionPolicy ? { policy: settings.inlineSessionPolicy } : {}),
        policyArns: settings.managedSessionPolicies,
      },
      context.retry,
    );
    return { ...role, source: tokenSource, usedInputRole: settings.roleToAssume !== undefined };
  };
}
