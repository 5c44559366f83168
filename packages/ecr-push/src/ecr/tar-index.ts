import { closeSync } from 'node:fs';
import { posix } from 'node:path';
import { CiKitError } from '@aws-ci-kit/core';
import { openRegularFile, readAt } from './file-bytes.ts';

/** Where one regular file's bytes sit inside an uncompressed tar archive. */
export interface TarEntry {
  readonly name: string;
  readonly offset: number;
  readonly size: number;
}

const BLOCK = 512;

function cString(buf: Buffer, start: number, length: number): string {
  const slice = buf.subarray(start, start + length);
  const end = slice.indexOf(0);
  return slice.subarray(0, end === -1 ? slice.length : end).toString('utf8');
}

function parseSize(buf: Buffer): number {
  const field = buf.subarray(124, 136);
  if ((field[0] ?? 0) & 0x80) {
    // GNU base-256 for files of 8 GiB and more.
    let value = 0;
    for (let i = 1; i < field.length; i++) value = value * 256 + (field[i] ?? 0);
    return value;
  }
  const text = cString(buf, 124, 12).trim();
  return text === '' ? 0 : Number.parseInt(text, 8);
}

function parsePax(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  let rest = text;
  while (rest.length > 0) {
    const space = rest.indexOf(' ');
    const length = Number.parseInt(rest.slice(0, space), 10);
    if (!Number.isFinite(length) || length <= 0) break;
    const record = Buffer.from(rest).subarray(0, length).toString('utf8');
    const body = record.slice(space + 1, -1);
    const eq = body.indexOf('=');
    if (eq > 0) out[body.slice(0, eq)] = body.slice(eq + 1);
    rest = Buffer.from(rest).subarray(length).toString('utf8');
  }
  return out;
}

/**
 * Lists the regular files of an uncompressed tar (ustar, pax and GNU long names) by reading only
 * the 512-byte headers and seeking over the contents, so a multi-gigabyte `docker save` archive is
 * indexed in milliseconds and each file can then be streamed on its own, in parallel.
 */
export function indexTar(path: string): Map<string, TarEntry> {
  const { fd, size: total } = openRegularFile(path);
  const entries = new Map<string, TarEntry>();
  const links: { name: string; target: string }[] = [];
  try {
    let position = 0;
    let longName: string | undefined;
    let pax: Record<string, string> = {};
    while (position + BLOCK <= total) {
      const header = readAt(fd, position, BLOCK);
      if (header.length < BLOCK || header.every((b) => b === 0)) break;
      if (position === 0 && header[0] === 0x1f && header[1] === 0x8b) {
        throw new CiKitError('input', `${path} is gzip-compressed; the image archive must be a plain tar.`, {
          code: 'ArchiveCompressed',
          hint: 'Pass the output of `docker save` without compressing it (or gunzip it first).',
        });
      }
      const magic = cString(header, 257, 6);
      if (!magic.startsWith('ustar') && position === 0) {
        throw new CiKitError('input', `${path} is not a tar archive (no ustar header).`, {
          code: 'ArchiveInvalid',
          hint: 'Pass an OCI image layout directory or a `docker save` archive.',
        });
      }
      const size = parseSize(header);
      const type = String.fromCharCode(header[156] ?? 0);
      const dataStart = position + BLOCK;
      const next = dataStart + Math.ceil(size / BLOCK) * BLOCK;
      if (type === 'L') {
        longName = cString(readAt(fd, dataStart, size), 0, size);
      } else if (type === 'x') {
        pax = parsePax(readAt(fd, dataStart, size).toString('utf8'));
      } else if (type === 'g') {
        // Global pax header: nothing we need.
      } else {
        const prefix = magic.startsWith('ustar') ? cString(header, 345, 155) : '';
        const base = cString(header, 0, 100);
        const name = pax.path ?? longName ?? (prefix ? `${prefix}/${base}` : base);
        const realSize = pax.size === undefined ? size : Number(pax.size);
        const clean = name.replace(/^\.\//, '');
        if (type === '0' || type === '\0' || type === '7') {
          entries.set(clean, { name, offset: dataStart, size: realSize });
        } else if (type === '1' || type === '2') {
          const link = (pax.linkpath ?? cString(header, 157, 100)).replace(/^\.\//, '');
          links.push({ name: clean, target: type === '2' ? posix.join(posix.dirname(clean), link) : link });
        }
        longName = undefined;
        pax = {};
        position = dataStart + Math.ceil(realSize / BLOCK) * BLOCK;
        continue;
      }
      position = next;
    }
    // Older `docker save` archives symlink repeated layers (`../<id>/layer.tar`).
    for (const { name, target } of links) {
      const entry = entries.get(target);
      if (entry) entries.set(name, entry);
    }
    return entries;
  } finally {
    closeSync(fd);
  }
}
