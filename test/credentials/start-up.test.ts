// The credentials step loads only what the path it takes needs (issue 11 item 4): a keys + role run
// never makes node load its web-streams implementation (the SDK's response collector asks for
// `ReadableStream`; ours does not), and on GitHub not child_process either (core loads it when a
// tool is run; on Azure, azure-pipelines-task-lib loads it at start).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Ci, runStep } from '../support/ci/index.ts';
import { BUNDLES, buildBundles, type CredentialsBed, startCredentialsBed } from './support/bed.ts';
import { NAMES } from './support/names.ts';

let t: CredentialsBed;
const scratch = mkdtempSync(join(tmpdir(), 'start-up-'));
const hook = join(scratch, 'module-list.cjs');
writeFileSync(
  hook,
  "process.on('exit', () => require('node:fs').writeFileSync(process.env.MODULE_LIST_FILE, process.moduleLoadList.join('\\n')));\n",
);

beforeAll(async () => {
  [t] = await Promise.all([startCredentialsBed(), buildBundles()]);
}, 60_000);
afterAll(async () => {
  await t?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

const NOT_LOADED: Record<Ci, RegExp> = { github: /webstreams|child_process/, azure: /webstreams/ };

describe.each(['github', 'azure'] as const)('a keys + role run on %s', (ci: Ci) => {
  it(`loads no node module it does not use (${NOT_LOADED[ci].source})`, async () => {
    const n = NAMES[ci];
    const { bed } = t;
    const list = join(scratch, `${ci}.txt`);
    const { main } = await runStep(ci, BUNDLES[ci], {
      secretInputs: [n.keyId, n.secret],
      env: { AWS_ENDPOINT_URL: t.endpoint, NODE_OPTIONS: `--require ${hook}`, MODULE_LIST_FILE: list },
      inputs: {
        [n.region]: bed.region,
        [n.keyId]: bed.toolkitUser.accessKeyId,
        [n.secret]: bed.toolkitUser.secretAccessKey,
        [n.role]: bed.roles.pipeline.arn,
        [n.externalId]: bed.externalId,
      },
    });
    expect(main.errors).toEqual([]);
    expect(main.exitCode).toBe(0);
    expect(main.outputs[n.accountOutput]).toBe(bed.accountId);
    const loaded = readFileSync(list, 'utf8').split('\n');
    expect(loaded.length).toBeGreaterThan(0);
    expect(loaded.filter((m) => NOT_LOADED[ci].test(m))).toEqual([]);
  });
});
