import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MockTestRunner } from 'azure-pipelines-task-lib/mock-test.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { azureView } from '../support/ci/index.ts';
import { buildContractBundles, type ContractBundles } from './bundles.ts';
import { checkSecrets } from './contract-checks.ts';
import type { Scenario } from './fixture/contract-step.ts';
import { CASES, SECRETS } from './scenarios.ts';

// Child processes: generous limits for a loaded machine (a run takes well under a second).
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

/**
 * The Azure bundle through azure-pipelines-task-lib's own test harness: a TaskMockRunner script sets the
 * inputs and loads the task; MockTestRunner runs it with the local node (never a downloaded one) and
 * reads its ##vso output.
 */
const require = createRequire(import.meta.url);
const MOCK_RUN = require.resolve('azure-pipelines-task-lib/mock-run');

let dir: string;
let bundles: ContractBundles;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'contract-mtr-'));
  bundles = await buildContractBundles(dir);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function runWithMockTestRunner(name: string, scenario: Scenario): Promise<MockTestRunner> {
  const agentTemp = await mkdtemp(join(dir, `${name}-`));
  const testPath = join(dir, `${name}.cjs`);
  await writeFile(
    testPath,
    [
      `const { TaskMockRunner } = require(${JSON.stringify(MOCK_RUN)});`,
      `process.env.AGENT_TEMPDIRECTORY = ${JSON.stringify(agentTemp)};`,
      `const tmr = new TaskMockRunner(${JSON.stringify(bundles.azure)});`,
      `tmr.setInput('scenario', ${JSON.stringify(JSON.stringify(scenario))});`,
      'tmr.run(true);',
      '',
    ].join('\n'),
  );
  const runner = new MockTestRunner(testPath);
  runner.nodePath = process.execPath;
  await runner.runAsync();
  return runner;
}

const byName = (text: string) => {
  const entry = CASES.find((candidate) => candidate.name.startsWith(text));
  if (!entry) throw new Error(`no contract case ${text}`);
  return entry;
};

describe('Azure bundle under MockTestRunner', () => {
  it('a secret step succeeds, its secret masked before use', async () => {
    const runner = await runWithMockTestRunner('secret', byName('a secret is masked').scenario);
    expect(runner.stderr).toBe('');
    expect(runner.succeeded).toBe(true);
    expect(runner.errorIssues).toEqual([]);
    expect(runner.warningIssues).toHaveLength(1);
    expect(runner.invokedToolCount).toBe(1);
    const view = azureView('main', { code: 0, lines: runner.stdout.split('\n') }, false, (path) =>
      existsSync(path) ? readFileSync(path, 'utf8') : undefined,
    );
    checkSecrets({ main: view, post: { ...view, events: [] } }, [SECRETS.single]);
    expect(view.recorded.outputs).toEqual([['O_SECRET', SECRETS.single]]);
  });

  it('a user error fails with one error issue carrying the fix', async () => {
    const runner = await runWithMockTestRunner('user-error', byName('a user error').scenario);
    expect(runner.failed).toBe(true);
    expect(runner.errorIssues).toEqual([
      'Input `role-to-assume` is required. Fix: Set `role-to-assume` in the step inputs.',
    ]);
    expect(runner.stdout).not.toMatch(/^\s+at /m);
    const view = azureView('main', { code: 1, lines: runner.stdout.split('\n') }, false, () => undefined);
    expect(view.errorCodes).toEqual(['ContractUserError']);
  });
});
