/**
 * The committed PNG icons are what packages/azdo-adapter/scripts/make-icons.mjs draws (compared as
 * decoded pixels, so a different zlib cannot fail it): 128 x 128 for the extension, 32 x 32 per task.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { inflateSync } from 'node:zlib';
import { afterAll, expect, it } from 'vitest';

const run = promisify(execFile);
const packages = join(import.meta.dirname, '..', '..', 'packages');
const script = join(packages, 'azdo-adapter', 'scripts', 'make-icons.mjs');
const out = mkdtempSync(join(tmpdir(), 'icons-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** Width, height, colour type and the inflated image data of a PNG. */
const decode = (png: Buffer) => {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const idat: Buffer[] = [];
  let header: Buffer | undefined;
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    const type = png.toString('ascii', at + 4, at + 8);
    const data = png.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') header = data;
    if (type === 'IDAT') idat.push(data);
    at += 12 + length;
  }
  return {
    width: header!.readUInt32BE(0),
    height: header!.readUInt32BE(4),
    colourType: header![9],
    pixels: inflateSync(Buffer.concat(idat)),
  };
};

it('every task has an icon, and every committed icon is what the script draws', async () => {
  await run(process.execPath, [script, '--out', out]);
  const tasks = readdirSync(packages).filter((p) => existsSync(join(packages, p, 'task.json')));
  expect(tasks.length).toBeGreaterThanOrEqual(3);
  const committed: Record<string, string> = {
    extension: join(packages, 'azdo-adapter', 'marketplace', 'icon.png'),
  };
  for (const task of tasks) committed[task] = join(packages, task, 'icon.png');
  for (const [name, file] of Object.entries(committed)) {
    const size = name === 'extension' ? 128 : 32;
    const mine = decode(readFileSync(file));
    expect({ name, width: mine.width, height: mine.height, colourType: mine.colourType }).toEqual({
      name,
      width: size,
      height: size,
      colourType: 6,
    });
    expect(mine.pixels.equals(decode(readFileSync(join(out, `${name}.png`))).pixels), name).toBe(true);
    // Not blank: the glyph and the background differ.
    expect(new Set(mine.pixels).size).toBeGreaterThan(3);
  }
});
