import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it, vi } from 'vitest';
import { buildContractBundles, type ContractBundles } from './bundles.ts';
import { checkContract } from './contract-checks.ts';
import { type CiKind, runCi } from './harness.ts';
import { CASES, expectationFor } from './scenarios.ts';

// Child processes: generous limits for a loaded machine (a run takes well under a second).
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

let dir: string;
let bundles: ContractBundles;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'contract-bundles-'));
  bundles = await buildContractBundles(dir);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe.each<CiKind>(['github', 'azure'])('%s adapter, bundled, as its CI runs it', (ci) => {
  describe.each([false, true])('debug %s', (debug) => {
    it.concurrent.each(CASES)('$name', async (entry) => {
      const run = await runCi(ci, bundles[ci], {
        scenario: entry.scenario,
        debug,
        endpoints: entry.endpoints,
      });
      checkContract(ci, run, expectationFor(entry, ci), debug);
    });
  });
});
