// The error table through the shipped bundles: each step's dist/github.js and dist/azure.js runs as its
// CI runs it (test/support/ci), pointed by AWS_ENDPOINT_URL at a loopback server that answers every
// AWS call with one fault in the service's own protocol. Whichever step meets a fault, on either CI,
// the user sees exactly one error line with a fix, carrying the same stable code through the CI's own
// protocol (GitHub: the annotation's title; Azure: the code), no stack, within a time bound.
// The CLI (packages/cli/dist/cli.js) says the same code on stderr.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildCli, runCli } from '../cli/support/cli-bed.ts';
import { type Ci, runStep, type StepView } from '../support/ci/index.ts';
import { EXPECTED, FAULTS, type Fault, type FaultServer, startFaultServer } from './support/aws-faults.ts';

vi.setConfig({ testTimeout: 90_000, hookTimeout: 30_000 });

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const STEPS = ['aws-credentials', 'ssm-secret', 'ecr-push'] as const;
type StepName = (typeof STEPS)[number];
const CIS: readonly Ci[] = ['github', 'azure'];
const bundle = (step: StepName, ci: Ci): string =>
  join(ROOT, 'packages', step, 'dist', `${ci === 'github' ? 'github' : 'azure'}.js`);

/** Each run's bound: one try per call (retry inputs at their least), a stalled request cut after 300 ms. */
const WALL_MS = 10_000;
const STACK_FRAME = /^\s+at \S/;
const KEY = { id: 'AKIAFAULTTABLE000001', secret: 'fault-table-secret-key-0000000000000000' };

/** Credential inputs every step takes, by CI name: static keys, one try, no identity check on capability steps. */
function inputs(step: StepName, ci: Ci): Record<string, string> {
  const g = ci === 'github';
  const base: Record<string, string> = {
    [g ? 'aws-region' : 'regionName']: 'eu-central-1',
    [g ? 'aws-access-key-id' : 'awsAccessKeyId']: KEY.id,
    [g ? 'aws-secret-access-key' : 'awsSecretAccessKey']: KEY.secret,
    [g ? 'retry-max-attempts' : 'retryMaxAttempts']: '1',
  };
  // The capability steps skip GetCallerIdentity so that their own service call (SSM, ECR) meets the fault.
  if (step !== 'aws-credentials') base[g ? 'verify-identity' : 'verifyIdentity'] = 'false';
  if (step === 'ssm-secret') base.names = '/app/db';
  return base;
}

const servers = new Map<Fault, FaultServer>();
beforeAll(async () => {
  await buildCli();
  for (const fault of FAULTS) servers.set(fault, await startFaultServer(fault, { cutAfterMs: 300 }));
});
afterAll(async () => {
  for (const server of servers.values()) await server.close();
});

interface Outcome {
  readonly label: string;
  readonly view: StepView;
}

async function runBundle(fault: Fault, step: StepName, ci: Ci): Promise<Outcome> {
  const run = await runStep(ci, bundle(step, ci), {
    inputs: inputs(step, ci),
    secretInputs: [ci === 'github' ? 'aws-secret-access-key' : 'awsSecretAccessKey'],
    env: { AWS_ENDPOINT_URL: (servers.get(fault) as FaultServer).endpoint },
    post: false,
    timeoutMs: 60_000,
  });
  await rm(run.dir, { recursive: true, force: true });
  return { label: `${step} on ${ci}`, view: run.main };
}

describe.each(FAULTS)('%s', (fault) => {
  it('every step on both CIs: one line with a fix, the same stable code, no stack, bounded time', async () => {
    const outcomes: Outcome[] = [];
    for (const step of STEPS) {
      outcomes.push(...(await Promise.all(CIS.map((ci) => runBundle(fault, step, ci)))));
    }
    const expected = EXPECTED[fault].code;
    for (const { label, view } of outcomes) {
      expect(view.exitCode, `${label}: exit code`).toBe(1);
      expect(view.errors, `${label}: exactly one error line`).toHaveLength(1);
      expect(view.errorCodes, `${label}: the code the CI shows`).toEqual([expected]);
      expect(view.errors[0], `${label}: a fix hint`).toMatch(/ Fix: \S/);
      expect(view.errors[0], `${label}: one line`).not.toMatch(/[\r\n]/);
      expect(
        view.lines.filter((line) => STACK_FRAME.test(line)),
        `${label}: no stack trace`,
      ).toEqual([]);
      expect(view.durationMs, `${label}: wall time`).toBeLessThan(WALL_MS);
    }
    // The same fault reads the same on every step and both CIs.
    expect(new Set(outcomes.map(({ view }) => view.errorCodes[0]))).toEqual(new Set([expected]));
    // Each step's own call met the fault: STS GetCallerIdentity, SSM GetParameters, ECR GetAuthorizationToken.
    if (fault !== 'ECONNREFUSED') {
      expect(new Set((servers.get(fault) as FaultServer).operations())).toEqual(
        new Set([
          'GetCallerIdentity',
          'AmazonSSM.GetParameters',
          'AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken',
        ]),
      );
    }
  });
});

/**
 * A request that never ends, under each step's deadline (on by default; `action-timeout-s` on the
 * credentials step, configure-aws-credentials' input, `timeout-seconds` on the others): the deadline
 * is its own cause, `StepTimeout`, the same on every step, and the line names what it waited for.
 */
const DEADLINE_INPUT: Record<StepName, { github: string; azure: string }> = {
  'aws-credentials': { github: 'action-timeout-s', azure: 'actionTimeoutS' },
  'ssm-secret': { github: 'timeout-seconds', azure: 'timeoutSeconds' },
  'ecr-push': { github: 'timeout-seconds', azure: 'timeoutSeconds' },
};
const STALLED_OPERATION: Record<StepName, string> = {
  'aws-credentials': 'GetCallerIdentity',
  'ssm-secret': 'AmazonSSM.GetParameters',
  'ecr-push': 'AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken',
};
describe('a stalled request under the step deadline', () => {
  let stalled: FaultServer;
  beforeAll(async () => {
    stalled = await startFaultServer('timeout');
  });
  afterAll(async () => {
    await stalled.close();
  });

  const cases = STEPS.flatMap((step) => CIS.map((ci) => [step, ci] as const));
  it.each(cases)('%s on %s: one line, StepTimeout, within the deadline', async (step, ci) => {
    const run = await runStep(ci, bundle(step, ci), {
      inputs: { ...inputs(step, ci), [DEADLINE_INPUT[step][ci === 'github' ? 'github' : 'azure']]: '1' },
      secretInputs: [ci === 'github' ? 'aws-secret-access-key' : 'awsSecretAccessKey'],
      env: { AWS_ENDPOINT_URL: stalled.endpoint },
      post: false,
      timeoutMs: 60_000,
    });
    await rm(run.dir, { recursive: true, force: true });
    const view = run.main;
    expect(view.exitCode).toBe(1);
    expect(view.errorCodes).toEqual(['StepTimeout']);
    expect(view.errors[0]).toMatch(/did not finish within 1 s .*waiting for an answer from .* Fix: \S/);
    expect(view.lines.filter((line) => STACK_FRAME.test(line))).toEqual([]);
    expect(view.durationMs).toBeLessThan(WALL_MS);
    expect(stalled.operations()).toContain(STALLED_OPERATION[step]);
  });
});

describe('the aws-ci-kit CLI', () => {
  it.each(['AccessDenied', 'throttling', 'XML garbage'] as const)(
    '%s: `error [<Code>]: <line>` on stderr, once, exit 1',
    async (fault) => {
      const home = await mkdtemp(join(tmpdir(), 'errors-cli-'));
      try {
        const started = Date.now();
        const result = await runCli(
          [
            'ssm-secret',
            '--names=/app/db',
            '--aws-region=eu-central-1',
            '--retry-max-attempts=1',
            '--verify-identity=false',
          ],
          {
            PATH: process.env.PATH ?? '/usr/bin:/bin',
            HOME: home,
            AWS_CI_KIT_TEMP: home,
            AWS_EC2_METADATA_DISABLED: 'true',
            AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
            AWS_ACCESS_KEY_ID: KEY.id,
            AWS_SECRET_ACCESS_KEY: KEY.secret,
            AWS_ENDPOINT_URL: (servers.get(fault) as FaultServer).endpoint,
          },
          { timeoutMs: 60_000 },
        );
        const ms = Date.now() - started;
        const errors = result.stderr.split('\n').filter((line) => /^error\b/.test(line));
        expect(result.code).toBe(1);
        expect(errors).toHaveLength(1);
        expect(errors[0]).toMatch(new RegExp(`^error \\[${EXPECTED[fault].code}\\]: .+ Fix: \\S`));
        expect(result.stderr.split('\n').filter((line) => STACK_FRAME.test(line))).toEqual([]);
        expect(ms).toBeLessThan(WALL_MS);
      } finally {
        await rm(home, { recursive: true, force: true });
      }
    },
  );
});
