// Reused buffers for the bytes of a push (blocks read from disk, gzip members made from them).
// Memory written for the first time costs a page fault per 4 KiB, which on some machines (small
// VMs) costs more than compressing the bytes; a buffer used again does not. One size for all, so
// any free buffer serves any use. A buffer is lent (borrow) and given back (giveBack) once nothing
// reads it any more; giving back one that is not lent, or twice, does nothing, and one never given
// back is left to the garbage collector. A buffer given back too early would be overwritten while
// in use: every consumer here gives back only after its last read (hashed, and written to the socket).

/** Bytes in every pooled buffer: a 1 MiB block, or the gzip member made from it (never larger). */
export const POOLED_BYTES = 1024 * 1024 + (1024 * 1024) / 8 + 1024;
/** Free buffers kept at most (the rest are left to the garbage collector). */
const KEEP = 24;

const free: Buffer[] = [];
/** Every pooled buffer (by its memory): the length of the view lent out, or 0 while it is free. */
const lent = new WeakMap<ArrayBufferLike, number>();

/** `length` bytes (at most POOLED_BYTES) of a pooled buffer, used before if one is free. */
export function borrow(length: number = POOLED_BYTES): Buffer {
  const buffer = free.pop() ?? Buffer.allocUnsafeSlow(POOLED_BYTES);
  lent.set(buffer.buffer, length);
  return buffer.subarray(0, length);
}

/**
 * Takes back the buffer under `bytes`: only the very view borrow gave (a part of it, or anything
 * else, is ignored, so a view split in two by a stream never frees the other part early).
 */
export function giveBack(bytes: Buffer): void {
  const length = lent.get(bytes.buffer);
  if (!length || bytes.byteOffset !== 0 || bytes.length !== length) return;
  lent.set(bytes.buffer, 0);
  if (free.length < KEEP) free.push(Buffer.from(bytes.buffer, 0, POOLED_BYTES));
}
