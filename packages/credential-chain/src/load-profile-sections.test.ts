import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProfileSections } from './load-profile-sections.ts';

async function files(credentials: string | undefined, config: string | undefined) {
  const dir = await mkdtemp(join(tmpdir(), 'sections-'));
  const paths = { credentialsPath: join(dir, 'credentials'), configPath: join(dir, 'config') };
  if (credentials !== undefined) await writeFile(paths.credentialsPath, credentials);
  if (config !== undefined) await writeFile(paths.configPath, config);
  return paths;
}

describe('loadProfileSections', () => {
  it("the profile's sections of both files, and its region", async () => {
    const paths = await files(
      '[ci]\naws_access_key_id = A\naws_secret_access_key = S\n',
      '[profile ci]\nregion = eu-west-1\n',
    );
    expect(await loadProfileSections({ ...paths, name: 'ci', explicit: true })).toEqual({
      ...paths,
      credentials: { aws_access_key_id: 'A', aws_secret_access_key: 'S' },
      config: { region: 'eu-west-1' },
      region: 'eu-west-1',
    });
  });

  it('missing files are empty; a broken one is reported at its line', async () => {
    const none = await files(undefined, undefined);
    expect(await loadProfileSections({ ...none, name: 'default', explicit: false })).toEqual(none);
    const broken = await files('[ci]\naws_access_key_id\n', undefined);
    await expect(loadProfileSections({ ...broken, name: 'ci', explicit: true })).rejects.toThrow(
      broken.credentialsPath,
    );
  });

  it('a file that cannot be read is one line with the fix', async () => {
    const paths = await files(undefined, undefined);
    await mkdir(paths.configPath);
    await expect(loadProfileSections({ ...paths, name: 'ci', explicit: true })).rejects.toThrow(
      /The AWS config file/,
    );
  });
});
