/**
 * Fault suite: the fault proxy in front of moto answers every step's AWS calls with throttling,
 * 5xx, a reset connection, a black hole, a body frozen half-way, a slow drip, a wrong content type,
 * and XML/JSON garbage, on both CIs. Transient faults recover; persistent ones fail with exit 1 in
 * one line, within the step deadline set through the inputs, with nothing half-made (no variable,
 * no output, no file left in the job's temp dir) and no stack trace.
 */
import { basename } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type PlanAnswer, THROTTLE } from '../support/aws/fault-proxy.ts';
import { type Ci, runStep } from '../support/ci/index.ts';
import {
  baseOptions,
  bundle,
  CIS,
  filesUnder,
  IN,
  type ReliabilityBed,
  STEPS,
  type StepName,
  startReliabilityBed,
} from './support/bed.ts';

let bed: ReliabilityBed;
beforeAll(async () => {
  bed = await startReliabilityBed();
}, 180_000);
const tried = { runs: 0, recovered: 0, failedInOneLine: 0, stackTraces: 0, hangs: 0, halfMade: 0 };
afterAll(async () => {
  await bed?.stop();
  console.log(
    `[fault suite] runs=${tried.runs} recovered=${tried.recovered} failed-in-one-line=${tried.failedInOneLine} stack-traces=${tried.stackTraces} hangs=${tried.hangs} half-made=${tried.halfMade}`,
  );
});
afterEach(() => bed?.ssm.proxy.setPlan(() => 'pass'));

/** The step deadline the runs set (seconds), and how far past it a failure may end. */
const DEADLINE_S = 4;
const SLACK_MS = 3_000;

interface Fault {
  readonly name: string;
  readonly answer: (n: number) => PlanAnswer;
  /** Transient faults recover (exit 0); the rest fail in one line. */
  readonly transient: boolean;
  /** The error line, for persistent faults. */
  readonly line?: RegExp;
  /** Wall-time bound in ms. */
  readonly boundMs: number;
}

const WAITED = /did not finish within 4 s \(`[\w-]+`\): it was waiting for an answer from 127\.0\.0\.1/;
const FAULTS: readonly Fault[] = [
  { name: 'throttling', answer: (n) => (n <= 2 ? THROTTLE : 'pass'), transient: true, boundMs: 15_000 },
  { name: '5xx', answer: (n) => (n <= 2 ? { status: 503 } : 'pass'), transient: true, boundMs: 15_000 },
  { name: 'reset', answer: (n) => (n <= 1 ? 'drop' : 'pass'), transient: true, boundMs: 15_000 },
  {
    name: 'black hole',
    answer: () => 'blackhole',
    transient: false,
    line: WAITED,
    boundMs: DEADLINE_S * 1000 + SLACK_MS,
  },
  {
    name: 'freeze mid-body',
    answer: () => 'freeze',
    transient: false,
    line: WAITED,
    boundMs: DEADLINE_S * 1000 + SLACK_MS,
  },
  {
    name: 'slow drip',
    answer: () => ({ dripMs: 400 }),
    transient: false,
    line: WAITED,
    boundMs: DEADLINE_S * 1000 + SLACK_MS,
  },
  {
    name: 'wrong content type',
    answer: () => ({
      raw: { status: 200, contentType: 'text/html', body: '<html><body>Sign in to the portal</body></html>' },
    }),
    transient: false,
    boundMs: DEADLINE_S * 1000 + SLACK_MS,
  },
  {
    name: 'XML garbage',
    answer: () => ({ raw: { status: 200, contentType: 'text/xml', body: '<Response><<<garbage' } }),
    transient: false,
    boundMs: DEADLINE_S * 1000 + SLACK_MS,
  },
  {
    name: 'JSON garbage',
    answer: () => ({
      raw: { status: 200, contentType: 'application/x-amz-json-1.1', body: '{"Parameters": [{"Na' },
    }),
    transient: false,
    boundMs: DEADLINE_S * 1000 + SLACK_MS,
  },
];

function inputs(step: StepName, ci: Ci, deadlineS: number): Record<string, string> {
  const n = IN[ci];
  const s = bed.ssm.pipeline;
  const common = {
    [n.region]: bed.region,
    [n.retries]: '3',
    [step === 'credentials' ? n.credentialsTimeout : n.timeout]: String(deadlineS),
  };
  if (step === 'credentials') {
    return {
      ...common,
      [n.keyId]: bed.ssm.bed.toolkitUser.accessKeyId,
      [n.secret]: bed.ssm.bed.toolkitUser.secretAccessKey,
      [n.role]: bed.ssm.bed.roles.pipeline.arn,
      [n.externalId]: bed.ssm.bed.externalId,
    };
  }
  const keys = {
    ...common,
    [n.keyId]: s.accessKeyId,
    [n.secret]: s.secretAccessKey,
    [n.token]: s.sessionToken ?? '',
  };
  return step === 'ssm' ? { ...keys, names: '/app/prod/db/password=DB_PASSWORD', paths: '/app/prod' } : keys;
}

const STACK = /^\s*at .*(\(|\s)\S+:\d+:\d+\)?$/;
// The CI's own files: GitHub file commands, the logs, azure-pipelines-task-lib's .taskkey.
const CI_CHANNEL = /^(main|post)-github_|^log-|^\.taskkey$/;

describe.each(STEPS)('the %s step under faults', (step) => {
  describe.each(CIS)('on %s', (ci) => {
    it.each(FAULTS.map((f) => [f.name, f] as const))(
      '%s',
      async (_name, fault) => {
        bed.ssm.proxy.setPlan(({ n }) => fault.answer(n));
        const run = await runStep(ci, bundle(step, ci), {
          ...baseOptions(bed, ci, { timeoutMs: fault.boundMs + 20_000 }),
          inputs: inputs(step, ci, fault.transient ? 30 : DEADLINE_S),
          debug: true,
          post: false,
        });
        tried.runs += 1;
        const { main } = run;
        const stacks = main.lines.filter((line) => STACK.test(line));
        tried.stackTraces += stacks.length > 0 ? 1 : 0;
        if (main.exitCode === null) tried.hangs += 1;
        expect(stacks, 'no stack trace, even in debug output').toEqual([]);
        expect(main.durationMs, 'wall time').toBeLessThan(fault.boundMs);
        if (fault.transient) {
          expect(main.errors).toEqual([]);
          expect(main.exitCode).toBe(0);
          tried.recovered += 1;
          return;
        }
        expect(main.exitCode).toBe(1);
        expect(main.errors).toHaveLength(1);
        const [line = ''] = main.errors;
        expect(line).not.toContain('\n');
        expect(line).toMatch(/ Fix: /);
        if (fault.line) expect(line).toMatch(fault.line);
        else
          expect(line).toMatch(
            /Fix: The endpoint answered something that is not an AWS response: check the endpoint URL/,
          );
        tried.failedInOneLine += 1;
        // Nothing half-made: no variable, no output, no file but the CI's own.
        const left = filesUnder(run.dir).filter((f) => !CI_CHANNEL.test(basename(f.path)));
        const made = [
          ...Object.keys(main.variables),
          ...Object.keys(main.outputs),
          ...left.map((f) => f.path),
        ];
        tried.halfMade += made.length > 0 ? 1 : 0;
        expect(made).toEqual([]);
      },
      60_000,
    );
  });
});
