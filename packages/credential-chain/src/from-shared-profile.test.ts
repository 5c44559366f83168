import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromSharedProfile } from './from-shared-profile.ts';
import { chainContext, failure } from './test/chain-context.ts';

async function files(credentials: string, config = '') {
  const dir = await mkdtemp(join(tmpdir(), 'profile-'));
  await writeFile(join(dir, 'credentials'), credentials);
  await writeFile(join(dir, 'config'), config);
  return {
    HOME: dir,
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
    AWS_CONFIG_FILE: join(dir, 'config'),
  };
}

describe('fromSharedProfile', () => {
  it('static keys of the named profile, masked', async () => {
    const env = await files('[ci]\naws_access_key_id = AKIAFILE\naws_secret_access_key = file-secret\n');
    const { ctx, record } = chainContext({ inputs: { 'source-profile': 'ci' }, env });
    expect(await fromSharedProfile(ctx)()).toEqual({
      accessKeyId: 'AKIAFILE',
      secretAccessKey: 'file-secret',
      source: 'profile `ci`',
    });
    expect(record.masks).toEqual(['AKIAFILE', 'file-secret']);
  });

  it('no default profile falls through; a named one that is missing or empty stops the chain', async () => {
    const env = await files('', '[profile empty]\nregion = eu-west-1\n');
    expect(await failure(fromSharedProfile(chainContext({ env }).ctx)())).toMatchObject({
      tryNextLink: true,
    });
    expect(
      await failure(fromSharedProfile(chainContext({ env: { ...env, AWS_PROFILE: 'gone' } }).ctx)()),
    ).toEqual({
      message: `Profile \`gone\` was not found in ${env.AWS_SHARED_CREDENTIALS_FILE} or ${env.AWS_CONFIG_FILE}.`,
      hint: 'Check `source-profile` / AWS_PROFILE and AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE.',
      tryNextLink: false,
      code: 'ProfileNotFound',
    });
    expect(
      await failure(fromSharedProfile(chainContext({ inputs: { 'source-profile': 'empty' }, env }).ctx)()),
    ).toMatchObject({ message: `Profile \`empty\` in ${env.AWS_CONFIG_FILE} holds no credentials.` });
  });

  it('a credential_process profile runs the helper', async () => {
    const json = JSON.stringify({ Version: 1, AccessKeyId: 'AKIAPROC', SecretAccessKey: 'proc-secret' });
    const env = await files('', `[profile p]\ncredential_process = printf '%s' '${json}'\n`);
    const { ctx, record } = chainContext({ env: { ...env, AWS_PROFILE: 'p' } });
    expect(await fromSharedProfile(ctx)()).toEqual({
      accessKeyId: 'AKIAPROC',
      secretAccessKey: 'proc-secret',
      source: 'profile `p` (process)',
    });
    expect(record.masks).toEqual(['AKIAPROC', 'proc-secret']);
  });
});
