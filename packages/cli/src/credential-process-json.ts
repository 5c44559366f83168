import { CiKitError } from '@aws-ci-kit/core';
import type { GenericRuntime } from '@aws-ci-kit/generic-adapter';

/**
 * The AWS CLI/SDK `credential_process` answer (Version 1): keys, session token and Expiration
 * from what the credentials step set, so the tool calls us again before they expire.
 */
export function credentialProcessJson(runtime: GenericRuntime): string {
  const v = (name: string) => runtime.variables.get(name)?.value;
  const accessKeyId = v('AWS_ACCESS_KEY_ID');
  const secretAccessKey = v('AWS_SECRET_ACCESS_KEY');
  if (!accessKeyId || !secretAccessKey) {
    throw new CiKitError('internal', 'The credentials step set no keys.', {
      code: 'NoCredentialsExported',
      hint: 'Do not set --export-variables false with credential-process.',
    });
  }
  const sessionToken = v('AWS_SESSION_TOKEN');
  const expiration = runtime.outputs.get('aws-expiration')?.value;
  return `${JSON.stringify({
    Version: 1,
    AccessKeyId: accessKeyId,
    SecretAccessKey: secretAccessKey,
    ...(sessionToken ? { SessionToken: sessionToken } : {}),
    ...(expiration ? { Expiration: expiration } : {}),
  })}\n`;
}
