/**
 * The contract's scenario layer over the shared CI simulator (test/support/ci): runs the contract
 * fixture bundle with a scenario as its only input, main then post (always), as each CI would.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AzureEndpoint, type Ci, runStep, type StepView } from '../support/ci/index.ts';
import type { Scenario } from './fixture/contract-step.ts';

export type { StepView } from '../support/ci/index.ts';
export { POST_FLAG } from '../support/ci/index.ts';

export type CiKind = Ci;

export interface CiRun {
  readonly main: StepView;
  readonly post: StepView;
}

export type Endpoint = AzureEndpoint & { readonly url: string };

export interface RunOptions {
  readonly scenario: Scenario;
  readonly debug: boolean;
  /** Azure service connections, by id (ignored on GitHub, which has none). */
  readonly endpoints?: Readonly<Record<string, Endpoint>> | undefined;
  /** More variables the CI provides (both steps). */
  readonly env?: Readonly<Record<string, string>> | undefined;
}

/** Runs the contract bundle as `ci` would: main, then post with what the CI carries over. */
export async function runCi(ci: CiKind, bundle: string, options: RunOptions): Promise<CiRun> {
  const dir = await mkdtemp(join(tmpdir(), `contract-${ci}-`));
  try {
    const run = await runStep(ci, bundle, {
      dir,
      // The contract fixture is a test bundle with no action.yml or task.json.
      manifest: null,
      inputs: { scenario: JSON.stringify(options.scenario) },
      debug: options.debug,
      ...(options.endpoints ? { endpoints: options.endpoints } : {}),
      ...(options.env ? { env: options.env } : {}),
      post: 'always',
      timeoutMs: 15_000,
    });
    if (!run.post) throw new Error('the post step did not run');
    return { main: run.main, post: run.post };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export const runGithub = (bundle: string, options: RunOptions): Promise<CiRun> =>
  runCi('github', bundle, options);
export const runAzure = (bundle: string, options: RunOptions): Promise<CiRun> =>
  runCi('azure', bundle, options);

/** Lines the fixture printed as `<prefix> <key?> <base64>`, decoded. */
export function reports(view: StepView, prefix: string): string[][] {
  return view.visible
    .filter((line) => line.startsWith(`${prefix} `))
    .map((line) => {
      const parts = line.split(' ').slice(1);
      const last = Buffer.from(parts.pop() ?? '', 'base64').toString('utf8');
      return [...parts, last];
    });
}

/** Last value per name, as the CI ends up with (StepView already holds them; entries are folded). */
export const lastValues = (
  values: ReadonlyArray<readonly [string, string]> | Readonly<Record<string, string>>,
): Record<string, string> => Object.fromEntries(Array.isArray(values) ? values : Object.entries(values));
