#!/usr/bin/env node
// Draws the extension's and the tasks' PNG icons with node alone (no image tool, deterministic):
//   marketplace/icon.png              128 x 128, the extension (Marketplace tile)
//   ../<package>/icon.png              32 x 32, one per task, next to its task.json (tfx looks there)
// Usage: node scripts/make-icons.mjs [--out <dir>]   (--out writes every icon into <dir> instead)
// Each icon is shapes on a rounded square, rendered with 4 x 4 supersampling. Edit a shape and
// rerun to change an icon; commit the PNGs.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const ORANGE = [255, 153, 0];
const INK = [35, 47, 62];
const WHITE = [255, 255, 255];

// Shapes take (x, y) in 0..1 and say whether the point is inside.
const roundedSquare = (r) => (x, y) => {
  const dx = Math.max(r - x, 0, x - (1 - r));
  const dy = Math.max(r - y, 0, y - (1 - r));
  return dx * dx + dy * dy <= r * r && x >= 0 && x <= 1 && y >= 0 && y <= 1;
};
const circle = (cx, cy, r) => (x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
const rect = (x0, y0, x1, y1) => (x, y) => x >= x0 && x <= x1 && y >= y0 && y <= y1;
const union =
  (...shapes) =>
  (x, y) =>
    shapes.some((s) => s(x, y));
const minus = (a, b) => (x, y) => a(x, y) && !b(x, y);
const triangle = (ax, ay, bx, by, cx, cy) => (x, y) => {
  const side = (px, py, qx, qy) => (qx - px) * (y - py) - (qy - py) * (x - px);
  const [d1, d2, d3] = [side(ax, ay, bx, by), side(bx, by, cx, cy), side(cx, cy, ax, ay)];
  return !((d1 < 0 || d2 < 0 || d3 < 0) && (d1 > 0 || d2 > 0 || d3 > 0));
};

const key = minus(
  union(
    circle(0.33, 0.5, 0.19),
    rect(0.45, 0.45, 0.84, 0.55),
    rect(0.66, 0.55, 0.72, 0.68),
    rect(0.76, 0.55, 0.82, 0.64),
  ),
  circle(0.3, 0.5, 0.08),
);
const boxWithArrow = union(
  minus(rect(0.2, 0.5, 0.8, 0.84), rect(0.28, 0.58, 0.72, 0.76)),
  triangle(0.5, 0.12, 0.3, 0.36, 0.7, 0.36),
  rect(0.44, 0.34, 0.56, 0.66),
);
const lock = minus(
  union(
    rect(0.25, 0.46, 0.75, 0.84),
    minus(circle(0.5, 0.44, 0.2), union(circle(0.5, 0.44, 0.11), rect(0, 0.46, 1, 1))),
    rect(0.3, 0.4, 0.39, 0.47),
    rect(0.61, 0.4, 0.7, 0.47),
  ),
  union(circle(0.5, 0.6, 0.06), rect(0.475, 0.6, 0.525, 0.74)),
);
const threeSteps = union(circle(0.26, 0.42, 0.09), circle(0.5, 0.42, 0.09), circle(0.74, 0.42, 0.09));
const smile = minus(circle(0.5, 0.44, 0.36), union(circle(0.5, 0.4, 0.3), rect(0, 0, 1, 0.6)));

/** A terminal prompt: a `>` drawn as a staircase of squares, then a cursor bar. */
const prompt = union(
  rect(0.22, 0.3, 0.32, 0.4),
  rect(0.3, 0.38, 0.4, 0.48),
  rect(0.38, 0.46, 0.48, 0.56),
  rect(0.3, 0.54, 0.4, 0.64),
  rect(0.22, 0.62, 0.32, 0.72),
  rect(0.52, 0.64, 0.8, 0.72),
);

/** Layers (shape, rgb) painted in order over transparency. */
export const ICONS = {
  extension: {
    size: 128,
    layers: [
      [roundedSquare(0.18), INK],
      [threeSteps, WHITE],
      [smile, ORANGE],
    ],
  },
  'aws-credentials': {
    size: 32,
    layers: [
      [roundedSquare(0.2), ORANGE],
      [key, WHITE],
    ],
  },
  'ecr-push': {
    size: 32,
    layers: [
      [roundedSquare(0.2), ORANGE],
      [boxWithArrow, WHITE],
    ],
  },
  'ssm-secret': {
    size: 32,
    layers: [
      [roundedSquare(0.2), ORANGE],
      [lock, WHITE],
    ],
  },
  'shell-script': {
    size: 32,
    layers: [
      [roundedSquare(0.2), ORANGE],
      [prompt, WHITE],
    ],
  },
  'aws-cli': {
    size: 32,
    layers: [
      [roundedSquare(0.2), INK],
      [prompt, ORANGE],
    ],
  },
};

/** RGBA pixels of an icon, rows top to bottom. */
export const render = ({ size, layers }) => {
  const samples = 4;
  const pixels = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let [r, g, b, a] = [0, 0, 0, 0];
      for (const [shape, color] of layers) {
        let hits = 0;
        for (let sy = 0; sy < samples; sy++) {
          for (let sx = 0; sx < samples; sx++) {
            if (shape((px + (sx + 0.5) / samples) / size, (py + (sy + 0.5) / samples) / size)) hits++;
          }
        }
        const cover = hits / (samples * samples);
        if (!cover) continue;
        // "over" compositing, straight alpha
        const outA = cover + a * (1 - cover);
        r = (color[0] * cover + r * a * (1 - cover)) / outA;
        g = (color[1] * cover + g * a * (1 - cover)) / outA;
        b = (color[2] * cover + b * a * (1 - cover)) / outA;
        a = outA;
      }
      pixels.set([Math.round(r), Math.round(g), Math.round(b), Math.round(a * 255)], (py * size + px) * 4);
    }
  }
  return pixels;
};

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buffer) => {
  let c = 0xffffffff;
  for (const byte of buffer) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
};

/** A PNG (8-bit RGBA, no filter) of square RGBA pixels. */
export const encodePng = (size, pixels) => {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8);
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) pixels.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
};

const here = dirname(fileURLToPath(import.meta.url));
const adapterDir = resolve(here, '..');
/** Where each icon is committed. */
export const iconPath = (name) =>
  name === 'extension'
    ? join(adapterDir, 'marketplace', 'icon.png')
    : join(adapterDir, '..', name, 'icon.png');

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--out');
  const out = i >= 0 ? resolve(process.argv[i + 1]) : undefined;
  for (const [name, icon] of Object.entries(ICONS)) {
    const file = out ? join(out, `${name}.png`) : iconPath(name);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, encodePng(icon.size, render(icon)));
    console.log(`${file} ${icon.size}x${icon.size}`);
  }
}
