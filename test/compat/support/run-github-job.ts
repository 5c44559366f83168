import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { RUN_CONTEXT, runStep, type StepView } from '../../support/ci/index.ts';

/** One step of a workflow job, as YAML gives it. */
export interface WorkflowStep {
  readonly name?: string;
  readonly id?: string;
  readonly uses?: string;
  readonly with?: Readonly<Record<string, string | number | boolean>>;
  readonly env?: Readonly<Record<string, string>>;
  readonly run?: string;
}

export interface JobOptions {
  /** `owner/name` (without `@ref`) -> our bundle; `null`: a step the test has done itself (checkout). */
  readonly actions: Readonly<Record<string, string | null>>;
  /** The runner machine's environment (PATH, DOCKER_HOST, AWS_ENDPOINT_URL, the OIDC request URL...). */
  readonly env: Readonly<Record<string, string>>;
  /** The job's directory: HOME and RUNNER_TEMP of every step. */
  readonly dir: string;
  /** The checked-out work tree: where `run:` steps run. */
  readonly workspace: string;
  readonly secrets?: Readonly<Record<string, string>>;
}

export interface JobStepResult {
  readonly step: WorkflowStep;
  /** The action's main step as the CI saw it, for `uses:` steps. */
  readonly view?: StepView;
  readonly stdout?: string;
}

const exec = promisify(execFile);

/**
 * A small stand-in for the runner's job loop: each step in order, `${{ steps.*.outputs.* }}`,
 * `${{ github.sha }}`, `${{ secrets.* }}` and `${{ env.* }}` expanded, what a step writes to
 * GITHUB_ENV in the environment of every later step, `run:` steps with `bash -e`. Actions run from
 * our bundles with the real file-command protocol (test/support/ci). Post steps are not run.
 */
export async function runGithubJob(
  steps: readonly WorkflowStep[],
  options: JobOptions,
): Promise<JobStepResult[]> {
  const outputs: Record<string, Record<string, string>> = {};
  const jobEnv: Record<string, string> = {};
  const github = { sha: RUN_CONTEXT.github.GITHUB_SHA as string };
  const expand = (text: string): string =>
    text.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, path: string) => {
      const parts = path.split('.');
      let value: string | undefined;
      if (parts[0] === 'steps' && parts[2] === 'outputs')
        value = outputs[parts[1] as string]?.[parts[3] as string];
      else if (path === 'github.sha') value = github.sha;
      else if (parts[0] === 'secrets') value = options.secrets?.[parts[1] as string];
      else if (parts[0] === 'env') value = jobEnv[parts[1] as string] ?? options.env[parts[1] as string];
      else throw new Error(`expression not handled by this runner: ${path}`);
      return value ?? '';
    });
  const results: JobStepResult[] = [];
  for (const step of steps) {
    const stepEnv = Object.fromEntries(
      Object.entries(step.env ?? {}).map(([k, v]) => [k, expand(String(v))]),
    );
    if (step.uses) {
      const action = step.uses.replace(/@.*$/, '');
      if (!(action in options.actions)) throw new Error(`no bundle for ${step.uses}`);
      const bundle = options.actions[action];
      if (bundle === null || bundle === undefined) {
        results.push({ step });
        continue;
      }
      const inputs = Object.fromEntries(
        Object.entries(step.with ?? {}).map(([k, v]) => [k, expand(String(v))]),
      );
      const run = await runStep('github', bundle, {
        inputs,
        // The runner starts an action in the workspace (GITHUB_WORKSPACE), where the run steps run too.
        env: { GITHUB_WORKSPACE: options.workspace, ...options.env, ...jobEnv, ...stepEnv },
        dir: options.dir,
        post: false,
        timeoutMs: 60_000,
      });
      if (run.main.exitCode !== 0) {
        throw new Error(`step "${step.name}" failed: ${run.main.errors.join(' | ')}`);
      }
      if (step.id) outputs[step.id] = { ...run.main.outputs };
      Object.assign(jobEnv, run.main.variables);
      results.push({ step, view: run.main });
    } else if (step.run) {
      const { stdout } = await exec('bash', ['-e', '-c', expand(step.run)], {
        cwd: options.workspace,
        env: {
          ...RUN_CONTEXT.github,
          ...options.env,
          HOME: options.dir,
          RUNNER_TEMP: options.dir,
          ...jobEnv,
          ...stepEnv,
        },
        timeout: 120_000,
      });
      results.push({ step, stdout });
    }
  }
  return results;
}
