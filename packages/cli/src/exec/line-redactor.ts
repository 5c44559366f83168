import { secretLines } from '@aws-ci-kit/core';

/** A partial line longer than this (a progress bar, binary output) is written without waiting for its end. */
export const HOLD_LIMIT = 64 * 1024;

export interface LineRedactor {
  /** Takes a chunk of the child's output; returns what can be written now, secrets replaced by `***`. */
  push(chunk: Uint8Array): Buffer;
  /** The rest (a last line without a line break), redacted: at the child's end. */
  end(): Buffer;
}

/**
 * Redacts a byte stream line by line: each secret (each line of a multi-line one) becomes `***`,
 * also when it arrives split across chunks, because only whole lines are written (a partial line
 * waits for its end, or for HOLD_LIMIT, keeping back any piece that could be a secret's start).
 * Bytes are handled as latin1, so output that is not UTF-8 passes through unchanged.
 */
export function lineRedactor(secrets: readonly string[]): LineRedactor {
  const pieces = [...new Set(secrets.flatMap((s) => secretLines(s)))]
    .map((piece) => Buffer.from(piece, 'utf8').toString('latin1'))
    .sort((a, b) => b.length - a.length);
  const longest = pieces[0]?.length ?? 0;
  const redact = (text: string): string => {
    let out = text;
    for (const piece of pieces) if (out.includes(piece)) out = out.split(piece).join('***');
    return out;
  };
  let pending = '';
  const take = (cut: number): Buffer => {
    const out = redact(pending.slice(0, cut));
    pending = pending.slice(cut);
    return Buffer.from(out, 'latin1');
  };
  return {
    push(chunk) {
      pending += Buffer.from(chunk).toString('latin1');
      let cut = Math.max(pending.lastIndexOf('\n'), pending.lastIndexOf('\r')) + 1;
      if (pending.length - cut > HOLD_LIMIT) cut = safeCut(pending, pending.length - longest, pieces);
      return take(cut);
    },
    end() {
      return take(pending.length);
    },
  };
}

/** The last position at or before `cut` that splits no occurrence of a piece. */
function safeCut(text: string, cut: number, pieces: readonly string[]): number {
  let at = Math.max(0, cut);
  let moved = true;
  while (moved) {
    moved = false;
    for (const piece of pieces) {
      let i = text.indexOf(piece, Math.max(0, at - piece.length + 1));
      while (i !== -1 && i < at) {
        if (i + piece.length > at) {
          at = i;
          moved = true;
          break;
        }
        i = text.indexOf(piece, i + 1);
      }
    }
  }
  return at;
}
