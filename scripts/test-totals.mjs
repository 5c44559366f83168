// Sums vitest's per-package "Tests  N passed | M failed (T)" lines from a log into one closing line.
import { readFileSync } from 'node:fs';

const log = readFileSync(process.argv[2] ?? 0, 'utf8').replace(/\x1b\[[0-9;]*m/g, '');
const totals = { passed: 0, failed: 0, skipped: 0 };
for (const match of log.matchAll(/^\S*\s*Tests\s+(.+)\(\d+\)\s*$/gm)) {
  for (const part of match[1].split('|')) {
    const m = part.trim().match(/^(\d+) (passed|failed|skipped|todo)/);
    if (m) totals[m[2] === 'todo' ? 'skipped' : m[2]] += Number(m[1]);
  }
}
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
