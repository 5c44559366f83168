import { secretLines } from '@aws-ci-kit/core';

/**
 * The generic runtime's own masking: every value registered as secret (and each of its lines) is
 * replaced by `***` in anything aws-ci-kit itself writes to the log, whatever the CI can mask.
 */
export function secretRedactor(): {
  add(secret: string): string[];
  redact(text: string): string;
  /** Every piece registered so far. */
  pieces(): string[];
} {
  const secrets = new Set<string>();
  let sorted: string[] = [];
  return {
    add(secret) {
      const added: string[] = [];
      for (const piece of secretLines(secret)) {
        if (secrets.has(piece)) continue;
        secrets.add(piece);
        added.push(piece);
      }
      if (added.length > 0) sorted = [...secrets].sort((a, b) => b.length - a.length);
      return added;
    },
    pieces: () => [...secrets],
    redact(text) {
      let out = text;
      for (const secret of sorted) if (out.includes(secret)) out = out.split(secret).join('***');
      return out;
    },
  };
}
