import { setMaxListeners } from 'node:events';
import { CiKitError } from './errors.ts';
import { getIntegerInput, type InputRef, inputName } from './inputs.ts';
import type { CiRuntime } from './runtime.ts';

/** The deadline a step runs under: clients abort on `signal` and say what they wait for. */
export interface StepDeadline {
  /** The whole budget in ms (Infinity when turned off). */
  readonly ms: number;
  /** Aborted when the deadline passes. */
  readonly signal: AbortSignal;
  /** Milliseconds left (Infinity when turned off). */
  remaining(): number;
  /** Records what the step is waiting for now ("an answer from sts.eu-west-1.amazonaws.com (AssumeRole)"). */
  waitingFor(what: string): void;
}

export interface StepDeadlineSpec {
  /** The input that sets the deadline in seconds (0 turns it off). */
  readonly input: InputRef;
  readonly defaultSeconds: number;
  /** The step, for the error line ("The ECR push"). */
  readonly step: string;
}

const deadlines = new WeakMap<object, StepDeadline>();

/** The deadline the step of this runtime runs under, if any (read by the AWS and registry clients). */
export function stepDeadlineOf(runtime: object): StepDeadline | undefined {
  return deadlines.get(runtime);
}

/**
 * Runs a step under one deadline, on by default: when it passes, every request of the step is
 * aborted (through `signal`) and the step fails in one line naming what it was waiting for.
 * The input is read before any work; 0 turns the deadline off.
 */
export async function withStepDeadline<T>(
  runtime: CiRuntime,
  spec: StepDeadlineSpec,
  run: (deadline: StepDeadline) => Promise<T>,
): Promise<T> {
  const seconds =
    getIntegerInput(runtime, spec.input, { min: 0, max: 86_400, default: spec.defaultSeconds }) ?? 0;
  const controller = new AbortController();
  // Every request in flight listens to this one signal (a push checks 16 blobs at once, the AWS SDK
  // adds its own): many listeners are expected here, not a leak, so no warning in the user's log.
  setMaxListeners(0, controller.signal);
  const ms = seconds === 0 ? Number.POSITIVE_INFINITY : seconds * 1000;
  const started = Date.now();
  let waiting = 'the step to finish';
  const deadline: StepDeadline = {
    ms,
    signal: controller.signal,
    remaining: () => Math.max(0, ms - (Date.now() - started)),
    waitingFor: (what) => {
      waiting = what;
    },
  };
  deadlines.set(runtime, deadline);
  if (seconds === 0) return run(deadline);
  const name = inputName(runtime, spec.input);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new CiKitError(
        'network',
        `${spec.step} did not finish within ${seconds} s (\`${name}\`): it was waiting for ${waiting}.`,
        {
          code: 'StepTimeout',
          hint: `Check that the endpoint answers (network, proxy, endpoint URL), or raise \`${name}\`.`,
        },
      );
      controller.abort(error);
      reject(error);
    }, ms);
  });
  try {
    return await Promise.race([run(deadline), expired]);
  } finally {
    clearTimeout(timer);
  }
}
