import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { layerRecord, pruneRecord } from './layer-record.ts';

const d = (c: string) => `sha256:${c.repeat(64)}`;
const gz = 'application/vnd.oci.image.layer.v1.tar+gzip';
let root = '';
afterEach(() => rmSync(root, { recursive: true, force: true }));
const temp = () => {
  root = mkdtempSync(join(tmpdir(), 'layer-record-'));
  return root;
};

describe('layerRecord', () => {
  it('remembers a diff_id -> blob and finds it again (in a folder it makes, private)', async () => {
    const dir = join(temp(), 'cache', 'layers');
    const record = layerRecord(dir);
    await record.remember(d('1'), { digest: d('a'), size: 10, mediaType: gz });
    const found = await layerRecord(dir).lookup([d('1'), d('2')]);
    expect([...found]).toEqual([[d('1'), { digest: d('a'), size: 10, mediaType: gz }]]);
    expect(readdirSync(dir)).toEqual([`${'1'.repeat(64)}.json`]);
  });

  it('keeps where a blob was sent, and reads an entry without a usable place as one without it', async () => {
    const dir = temp();
    const record = layerRecord(dir);
    await record.remember(
      d('1'),
      { digest: d('a'), size: 10, mediaType: gz },
      'registry.example:5000/team/app',
    );
    await record.remember(d('2'), { digest: d('b'), size: 10, mediaType: gz }, 'x'.repeat(601));
    writeFileSync(
      join(dir, `${'3'.repeat(64)}.json`),
      JSON.stringify({ digest: d('c'), size: 1, mediaType: gz, at: 7 }),
    );
    const found = await layerRecord(dir).lookup([d('1'), d('2'), d('3')]);
    expect(found.get(d('1'))).toEqual({
      digest: d('a'),
      size: 10,
      mediaType: gz,
      at: 'registry.example:5000/team/app',
    });
    expect(found.get(d('2'))).toEqual({ digest: d('b'), size: 10, mediaType: gz });
    expect(found.get(d('3'))).toEqual({ digest: d('c'), size: 1, mediaType: gz });
  });

  it('counts a malformed or linked entry as none', async () => {
    const dir = temp();
    writeFileSync(join(dir, `${'1'.repeat(64)}.json`), '{"digest":"../x","size":1,"mediaType":"x"}');
    writeFileSync(join(dir, 'elsewhere'), JSON.stringify({ digest: d('a'), size: 1, mediaType: gz }));
    symlinkSync(join(dir, 'elsewhere'), join(dir, `${'2'.repeat(64)}.json`));
    expect((await layerRecord(dir).lookup([d('1'), d('2'), 'sha256:short'])).size).toBe(0);
  });

  it('does not use a folder that is a symbolic link or writable by others', async () => {
    const base = temp();
    mkdirSync(join(base, 'real'));
    symlinkSync(join(base, 'real'), join(base, 'link'));
    const messages: string[] = [];
    const linked = layerRecord(join(base, 'link'), (m) => messages.push(m));
    await linked.remember(d('1'), { digest: d('a'), size: 1, mediaType: gz });
    expect(readdirSync(join(base, 'real'))).toEqual([]);
    expect(messages.join('\n')).toMatch(/not used/);
    mkdirSync(join(base, 'open'), { mode: 0o777 });
    chmodSync(join(base, 'open'), 0o777);
    await layerRecord(join(base, 'open')).remember(d('1'), { digest: d('a'), size: 1, mediaType: gz });
    expect(readdirSync(join(base, 'open'))).toEqual([]);
  });

  it('keeps at most the given number of entries, dropping the oldest', async () => {
    const dir = temp();
    const record = layerRecord(dir);
    for (const c of ['1', '2', '3', '4', '5'])
      await record.remember(d(c), { digest: d('a'), size: 1, mediaType: gz });
    await pruneRecord(dir, 4);
    expect(readdirSync(dir).length).toBe(3);
  });
});
