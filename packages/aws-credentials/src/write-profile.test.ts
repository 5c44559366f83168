import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { profileExists, replaceSection, writeProfile } from './write-profile.ts';

describe('profile files', () => {
  it('replaces one section and keeps the others', () => {
    const text = '[a]\nx = 1\n\n[b]\ny = 2\n';
    expect(replaceSection(text, 'a', ['x = 9'])).toBe('[b]\ny = 2\n\n[a]\nx = 9\n');
    expect(replaceSection(text, 'c', ['z = 3'])).toBe('[a]\nx = 1\n\n[b]\ny = 2\n\n[c]\nz = 3\n');
    expect(replaceSection('', 'a', ['x = 1'])).toBe('[a]\nx = 1\n');
  });
});

describe('profileExists and writeProfile', () => {
  it('writes keys and region, keeps other profiles, and finds the profile afterwards', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'write-profile-'));
    const paths = { credentials: join(dir, 'credentials'), config: join(dir, 'config') };
    expect(await profileExists('ci', paths)).toBe(false);
    await writeProfile('other', paths, { accessKeyId: 'A1', secretAccessKey: 'S1', region: 'us-east-1' });
    await writeProfile('ci', paths, {
      accessKeyId: 'A2',
      secretAccessKey: 'S2',
      sessionToken: 'T2',
      region: 'eu-west-1',
    });
    expect(await profileExists('ci', paths)).toBe(true);
    expect(await readFile(paths.credentials, 'utf8')).toBe(
      '[other]\naws_access_key_id = A1\naws_secret_access_key = S1\n\n[ci]\naws_access_key_id = A2\naws_secret_access_key = S2\naws_session_token = T2\n',
    );
    expect(await readFile(paths.config, 'utf8')).toBe(
      '[profile other]\nregion = us-east-1\n\n[profile ci]\nregion = eu-west-1\n',
    );
  });
});
