import { expect } from 'vitest';
import { assertMaskedBeforeUse, RESUME, secretPieces } from '../support/ci/index.ts';
import { CONTRACT } from './fixture/contract-step.ts';
import { type CiKind, type CiRun, POST_FLAG, reports, type StepView } from './harness.ts';
import type { Expectation } from './scenarios.ts';

/** The only commands a contract run may make each CI act on; anything else was injected. */
export const ALLOWED_COMMANDS: Record<CiKind, ReadonlySet<string>> = {
  github: new Set(['add-mask', 'debug', 'warning', 'error', 'group', 'endgroup', 'stop-commands', RESUME]),
  azure: new Set([
    'task.debug',
    'task.setsecret',
    'task.setvariable',
    'task.settaskvariable',
    'task.issue',
    'task.complete',
    'task.uploadsummary',
  ]),
};

const STACK_FRAME = /(^|\n)\s+at \S/;
const withoutZeroWidth = (text: string): string => text.replaceAll('\u200b', '');
const trimEnd = (text: string | undefined): string | undefined => text?.replace(/\n+$/, '');

/** Throws SecretLeak when a secret shows before it was masked; each secret must also be used at least once. */
export function checkSecrets(run: CiRun, secrets: readonly string[]): void {
  for (const secret of secrets) {
    const appearances = assertMaskedBeforeUse([...run.main.events, ...run.post.events], secret);
    expect(appearances, 'the secret must actually be used, or the check proves nothing').toBeGreaterThan(0);
  }
}

function checkCommands(ci: CiKind, view: StepView, secrets: readonly string[]): void {
  const unexpected = view.commands.filter((command) => !ALLOWED_COMMANDS[ci].has(command));
  expect(unexpected, 'commands the CI acted on beyond the allowed set').toEqual([]);
  for (const mask of view.masks) {
    expect(
      secrets.some((secret) => secret.includes(mask)),
      `mask ${JSON.stringify(mask)} is no piece of a scenario secret`,
    ).toBe(true);
  }
}

/** Everything the contract promises about one run of a scenario on one CI. */
export function checkContract(ci: CiKind, run: CiRun, expected: Expectation, debug: boolean): void {
  const { main, post } = run;
  const secrets = expected.secrets ?? [];
  checkSecrets(run, secrets);
  for (const secret of expected.registered ?? []) {
    expect(main.masks).toEqual(expect.arrayContaining(secretPieces(secret)));
  }
  const maskable = [...secrets, ...(expected.registered ?? [])];
  checkCommands(ci, main, maskable);
  checkCommands(ci, post, maskable);

  // Variables, outputs and state: exactly the expected set, values byte for byte.
  const { recorded } = main;
  expect(recorded.variables.map(([name]) => name).sort()).toEqual(Object.keys(expected.variables).sort());
  expect(main.variables).toEqual(expected.variables);
  expect(recorded.outputs.map(([name]) => name).sort()).toEqual(Object.keys(expected.outputs).sort());
  expect(main.outputs).toEqual(expected.outputs);
  expect(recorded.state.map(([name]) => name).sort()).toEqual(
    [...Object.keys(expected.state), POST_FLAG[ci]].sort(),
  );
  const readBack = Object.fromEntries(
    reports(post, CONTRACT.stateReport).map(([key, value]) => [key, value]),
  );
  expect(readBack).toEqual(expected.state);
  expect([...post.recorded.variables, ...post.recorded.outputs, ...post.recorded.state]).toEqual([]);

  for (const line of expected.visible ?? []) {
    expect(main.visible.map(withoutZeroWidth)).toContain(line);
  }
  if (expected.exec) {
    const results = reports(main, CONTRACT.execReport).map(([json]) => JSON.parse(json ?? '{}'));
    expect(results).toEqual(
      expected.exec.map(({ stdin, env }) => ({
        code: 0,
        stdout: `stdin:${stdin}\n`,
        stderr: `env:${env}\n`,
      })),
    );
  }
  if (expected.summary !== undefined) expect(trimEnd(main.summary)).toBe(trimEnd(expected.summary));

  // Failure: non-zero exit, exactly one error line with the message (and fix), no stack unless debug.
  if (expected.ok) {
    expect(main.exitCode).toBe(0);
    expect(main.errors).toEqual([]);
  } else {
    expect(main.exitCode).not.toBe(0);
    expect(main.errors).toHaveLength(1);
    // The stable code rides on the CI's own error command: GitHub's annotation title, Azure's issue code.
    expect(expected.code, 'a failing case names the code its CI must carry').toBeDefined();
    expect(main.errorCodes, 'the error line carries the stable code').toEqual([expected.code]);
    for (const text of expected.error ?? []) expect(main.errors[0]).toContain(text);
    expect(main.errors[0]).not.toMatch(/\n/);
    const shown = debug ? main.visible : [...main.visible, ...main.errors];
    if (!debug) expect(shown.filter((line) => STACK_FRAME.test(line))).toEqual([]);
    expect(main.errors.filter((line) => STACK_FRAME.test(line))).toEqual([]);
  }
  expect(post.exitCode).toBe(0);
  expect(post.errors).toEqual([]);
}
