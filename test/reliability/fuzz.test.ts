/**
 * Fuzz suite (fast-check): every input of every step (names read from action.yml), and SSM/JSON
 * values, with valid, garbage and hostile values (CI commands, shell syntax, option look-alikes,
 * 10 KB strings, control characters). In-process with core's recordingRuntime for a fixed number
 * of cases, then a small sample through the built bundles on both CIs. Properties: never a stack
 * trace (every failure is one user-facing line), never a hang, never a silently ignored value (a
 * boolean it cannot read fails the step), never an injected command or variable, no tool argument
 * that a fuzzed value turns into an option. The seed is printed; FUZZ_SEED replays a run.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { credentialsStep } from '@aws-ci-kit/aws-credentials';
import { type CiRuntime, describeError, isUserError } from '@aws-ci-kit/core';
import { recordingRuntime } from '@aws-ci-kit/core/testing';
import { ecrPushStep } from '@aws-ci-kit/ecr-push';
import { ssmSecretStep } from '@aws-ci-kit/ssm-secret';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientConfig } from '../support/aws/clients.js';
import { runStep } from '../support/ci/index.ts';
import {
  baseOptions,
  bundle,
  CIS,
  PACKAGES,
  type ReliabilityBed,
  STEPS,
  type StepName,
  startReliabilityBed,
} from './support/bed.ts';

const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2_147_483_647);
const CASES_PER_STEP = Number(process.env.FUZZ_CASES ?? 60);
const BUNDLE_SAMPLE = 4;
const HANG_MS = 25_000;

let bed: ReliabilityBed;
const savedEnv = { ...process.env };
const savedCwd = process.cwd();
// A fuzzed file input (`dotenv-file: "7"`) writes where the step runs: a folder of its own, removed after.
const scratch = mkdtempSync(join(tmpdir(), 'fuzz-cwd-'));
beforeAll(async () => {
  process.chdir(scratch);
  bed = await startReliabilityBed();
  process.env.AWS_ENDPOINT_URL = bed.endpoint;
  process.env.AWS_EC2_METADATA_DISABLED = 'true';
}, 180_000);
const tried = {
  cases: 0,
  bundleRuns: 0,
  values: 0,
  failures: 0,
  stackTraces: 0,
  hangs: 0,
  injections: 0,
  ignored: 0,
  optionArgs: 0,
};
afterAll(async () => {
  process.env = savedEnv;
  process.chdir(savedCwd);
  rmSync(scratch, { recursive: true, force: true });
  await bed?.stop();
  console.log(
    `[fuzz suite] seed=${SEED} cases=${tried.cases} bundle-runs=${tried.bundleRuns} ssm-values=${tried.values} failures-in-one-line=${tried.failures} stack-traces=${tried.stackTraces} hangs=${tried.hangs} injections=${tried.injections} silently-ignored=${tried.ignored} option-args=${tried.optionArgs}`,
  );
});

const DIRS: Record<StepName, string> = { credentials: 'aws-credentials', ssm: 'ssm-secret', ecr: 'ecr-push' };
/** The step's GitHub input names and defaults, from its action.yml. */
function manifestInputs(step: StepName): Map<string, string | undefined> {
  const text = readFileSync(join(PACKAGES, DIRS[step], 'action.yml'), 'utf8');
  const block = text.slice(text.indexOf('\ninputs:'), text.indexOf('\noutputs:'));
  const out = new Map<string, string | undefined>();
  let current: string | undefined;
  for (const line of block.split('\n')) {
    const name = /^ {2}([\w-]+):\s*$/.exec(line)?.[1];
    if (name) {
      current = name;
      out.set(name, undefined);
    }
    const def = /^ {4}default:\s*"?([^"]*)"?\s*$/.exec(line)?.[1];
    if (def !== undefined && current) out.set(current, def);
  }
  return out;
}

/** The step's Azure input names, from its task.json. */
function taskInputs(step: StepName): string[] {
  const task = JSON.parse(readFileSync(join(PACKAGES, DIRS[step], 'task.json'), 'utf8')) as {
    inputs: Array<{ name: string }>;
  };
  return task.inputs.map((i) => i.name);
}

const BOOLEAN = /^(true|false|yes|no|on|off|1|0)$/i;
const INJECTIONS = [
  'PWNED=gh\nIMAGE',
  'a\n::set-env name=PWNED::gh',
  '::add-mask::x\n::error::PWNED',
  '##vso[task.setvariable variable=PWNED]azure',
  'x\r\n##vso[task.complete result=Succeeded]',
  '$(echo PWNED)',
  '`touch /tmp/PWNED`',
  '; touch /tmp/PWNED',
  '--help',
  '--output=/tmp/PWNED',
  '-v',
  '$' + '{{ secrets.PWNED }}',
  '%0A::set-env name=PWNED::x',
];
/** A value for an input: valid-looking, garbage, hostile or huge. */
const value = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom('true', 'false', 'TRUE', 'maybe', '0', '1', '7', '-1', '99999999', '', ' '),
  },
  { weight: 3, arbitrary: fc.constantFrom(...INJECTIONS) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'eu-centrall-1',
      'ftp://x',
      'http://127.0.0.1:1',
      '{"Team":"web"}',
      '{"a":1}',
      '/app/prod',
      'arn:aws:iam::123456789012:role/x',
    ),
  },
  { weight: 1, arbitrary: fc.constant('x'.repeat(10_240)) },
);

function baseInputs(): Record<string, string> {
  const s = bed.ssm.pipeline;
  return {
    'aws-region': bed.region,
    'aws-access-key-id': s.accessKeyId,
    'aws-secret-access-key': s.secretAccessKey,
    'aws-session-token': s.sessionToken ?? '',
    'retry-max-attempts': '2',
  };
}

function azureBase(): Record<string, string> {
  const s = bed.ssm.pipeline;
  return {
    regionName: bed.region,
    awsAccessKeyId: s.accessKeyId,
    awsSecretAccessKey: s.secretAccessKey,
    awsSessionToken: s.sessionToken ?? '',
    retryMaxAttempts: '2',
  };
}

const STEP_FNS: Record<StepName, (runtime: CiRuntime) => Promise<void>> = {
  credentials: credentialsStep,
  ssm: ssmSecretStep,
  ecr: (runtime) => ecrPushStep(runtime),
};

interface Outcome {
  readonly hung: boolean;
  readonly failure?: unknown;
  readonly runtime: ReturnType<typeof recordingRuntime>;
}

async function runInProcess(step: StepName, inputs: Record<string, string>): Promise<Outcome> {
  const runtime = recordingRuntime({
    inputs,
    env: { AWS_ENDPOINT_URL: bed.endpoint, AWS_EC2_METADATA_DISABLED: 'true', HOME: '/nonexistent-home' },
    debug: true,
    // No container CLI here: every tool "is not installed".
    exec: async () => ({ code: 127, stdout: '', stderr: 'not found' }),
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hang = new Promise<'hang'>((resolve) => {
    timer = setTimeout(() => resolve('hang'), HANG_MS);
  });
  try {
    const result = await Promise.race([
      STEP_FNS[step](runtime).then(
        () => 'ok' as const,
        (error: unknown) => ({ error }),
      ),
      hang,
    ]);
    if (result === 'hang') return { hung: true, runtime };
    return result === 'ok' ? { hung: false, runtime } : { hung: false, failure: result.error, runtime };
  } finally {
    clearTimeout(timer);
  }
}

/** Checks one case's properties; returns a description of the first violation. */
function violation(
  step: StepName,
  inputs: Record<string, string>,
  outcome: Outcome,
  booleans: Set<string>,
): string | undefined {
  const { runtime, failure } = outcome;
  if (outcome.hung) {
    tried.hangs += 1;
    return `hang (no end within ${HANG_MS} ms)`;
  }
  if (failure !== undefined) {
    if (!isUserError(failure)) {
      tried.stackTraces += 1;
      return `not a user error (would print a stack in debug): ${String((failure as Error)?.stack ?? failure).slice(0, 600)}`;
    }
    const line = describeError(failure);
    if (/[\r\n]/.test(line)) return `error line has a line break: ${JSON.stringify(line.slice(0, 300))}`;
    if (line.length > 1_500) return `error line is ${line.length} characters long`;
    tried.failures += 1;
  } else {
    const ignored = [...booleans].filter((name) => {
      const value = inputs[name]?.trim();
      return value !== undefined && value !== '' && !BOOLEAN.test(value);
    });
    if (ignored.length > 0) {
      tried.ignored += 1;
      return `succeeded although boolean input(s) ${ignored.join(', ')} = ${JSON.stringify(ignored.map((n) => inputs[n]))}`;
    }
  }
  for (const [name] of [...runtime.variables, ...runtime.outputs]) {
    if (
      /PWNED/i.test(name) ||
      /[\r\n:=]/.test(name) ||
      runtime.rules.variableNameProblem(name.replace(/-/g, '_'))
    ) {
      tried.injections += 1;
      return `variable/output ${JSON.stringify(name)} was set`;
    }
  }
  const fuzzedOptions = new Set(Object.values(inputs).filter((v) => v.startsWith('-')));
  for (const call of runtime.execs) {
    const bad = call.args.find((arg) => fuzzedOptions.has(arg));
    if (bad !== undefined) {
      tried.optionArgs += 1;
      return `${call.command} got the input value ${JSON.stringify(bad)} as an argument`;
    }
  }
  void step;
  return undefined;
}

describe.each(STEPS)('fuzzing every input of the %s step', (step) => {
  it(`holds its properties for ${CASES_PER_STEP} cases (in-process)`, async () => {
    const inputs = manifestInputs(step);
    const names = [...inputs.keys()];
    // A boolean input is one whose default is true or false (a default of 0 is a number: chunk-size-mb).
    const booleans = new Set(names.filter((n) => /^(true|false)$/i.test(inputs.get(n) ?? '')));
    const arbitrary = fc.dictionary(fc.constantFrom(...names), value, { minKeys: 1, maxKeys: 4 });
    await fc.assert(
      fc.asyncProperty(arbitrary, async (fuzzed) => {
        const all = { ...baseInputs(), ...fuzzed };
        tried.cases += 1;
        const outcome = await runInProcess(step, all);
        const problem = violation(step, fuzzed, outcome, booleans);
        if (problem)
          throw new Error(
            `${problem}\n  inputs: ${JSON.stringify(fuzzed).slice(0, 800)}\n  replay: FUZZ_SEED=${SEED}`,
          );
      }),
      { seed: SEED, numRuns: CASES_PER_STEP, endOnFailure: true },
    );
  }, 600_000);
});

describe('fuzzing SSM and JSON values', () => {
  it('arrives exactly, as data, or is refused in one line naming its source', async () => {
    const values = fc
      .sample(
        fc.oneof(
          fc.string({ unit: 'grapheme', minLength: 1, maxLength: 60 }),
          fc.constantFrom(...INJECTIONS),
          fc
            .dictionary(
              fc.oneof(
                fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }),
                fc.constantFrom(...INJECTIONS),
              ),
              fc.string({ maxLength: 20 }),
              { minKeys: 1, maxKeys: 3 },
            )
            .map((o) => JSON.stringify(o)),
        ),
        { seed: SEED, numRuns: 40 },
      )
      .filter((v) => v.trim() !== '' && v.length <= 4096);
    const ssm = new SSMClient(clientConfig(bed.ssm.bed, bed.ssm.bed.admin));
    const prefix = `/fuzz/${SEED}`;
    try {
      for (const [i, v] of values.entries()) {
        await ssm.send(
          new PutParameterCommand({
            Name: `${prefix}/p${i}`,
            Value: v,
            Type: 'SecureString',
            Overwrite: true,
          }),
        );
      }
    } finally {
      ssm.destroy();
    }
    tried.values += values.length;
    for (const parseJson of ['false', 'true']) {
      const runtime = recordingRuntime({
        inputs: { ...baseInputs(), paths: prefix, 'parse-json': parseJson },
        env: { AWS_ENDPOINT_URL: bed.endpoint, AWS_EC2_METADATA_DISABLED: 'true' },
        debug: true,
      });
      tried.cases += 1;
      const failure = await ssmSecretStep(runtime).then(
        () => undefined,
        (error: unknown) => error,
      );
      if (failure !== undefined) {
        expect(isUserError(failure), String((failure as Error).stack)).toBe(true);
        const line = describeError(failure);
        expect(line).not.toMatch(/[\r\n]/);
        expect(line).toMatch(/key |from /);
        tried.failures += 1;
        continue;
      }
      for (const [name, v] of runtime.variables) {
        expect(name).not.toMatch(/PWNED|[\r\n:=$`]/);
        expect(v.secret).toBe(true);
      }
      if (parseJson === 'false') {
        const got = [...runtime.variables.values()].map((v) => v.value).sort();
        expect(got).toEqual([...values].sort());
      }
      // Short values or lines (a digit, "A") occur in ordinary log text: check values whose every line is 8+ characters.
      const distinctive = values.filter(
        (x) =>
          x.split(/\r\n|\r|\n/).every((line) => line.trim() === '' || line.trim().length >= 8) &&
          x.trim().length >= 8,
      );
      for (const v of distinctive) expect(runtime.unmaskedUses(v)).toEqual([]);
    }
  }, 120_000);
});

describe('a sample through the bundles', () => {
  it.each(CIS)(
    `holds on %s for ${BUNDLE_SAMPLE} cases per step`,
    async (ci) => {
      for (const step of STEPS) {
        const names = ci === 'github' ? [...manifestInputs(step).keys()] : taskInputs(step);
        const sample = fc.sample(
          fc.dictionary(fc.constantFrom(...names), fc.constantFrom(...INJECTIONS), {
            minKeys: 1,
            maxKeys: 3,
          }),
          {
            seed: SEED + 1,
            numRuns: BUNDLE_SAMPLE,
          },
        );
        for (const fuzzed of sample) {
          const run = await runStep(ci, bundle(step, ci), {
            ...baseOptions(bed, ci, { timeoutMs: HANG_MS }),
            inputs: { ...(ci === 'github' ? baseInputs() : azureBase()), ...fuzzed },
            env: { AWS_ENDPOINT_URL: bed.endpoint, PATH: '/nonexistent', ...(ci === 'azure' ? {} : {}) },
            debug: true,
            post: false,
          });
          tried.bundleRuns += 1;
          const where = `${step} on ${ci} with ${JSON.stringify(fuzzed).slice(0, 300)} (FUZZ_SEED=${SEED})`;
          if (run.main.exitCode === null) tried.hangs += 1;
          expect(run.main.exitCode, where).not.toBeNull();
          const stack = run.main.lines.filter((l) => /^\s*at .*:\d+:\d+\)?$/.test(l));
          if (stack.length) tried.stackTraces += 1;
          expect(stack, where).toEqual([]);
          const injected = [...Object.keys(run.main.variables), ...Object.keys(run.main.outputs)].filter(
            (n) => /PWNED/i.test(n),
          );
          // Commands a value could forge: set-env, or a task result other than the step's own failure.
          const commands = run.main.parsedCommands
            .filter(
              (c) =>
                c.command === 'set-env' ||
                (c.command === 'task.complete' &&
                  (c as { properties?: Record<string, string> }).properties?.result !== 'Failed'),
            )
            .map((c) => c.command);
          if (injected.length || commands.length) tried.injections += 1;
          expect(injected, where).toEqual([]);
          expect(commands, where).toEqual([]);
          if (run.main.exitCode !== 0) expect(run.main.errors, where).toHaveLength(1);
        }
      }
    },
    300_000,
  );
});
