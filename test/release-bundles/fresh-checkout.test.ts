// What a fresh clone gives a user: each committed bundle, copied alone (its dist/ folder and
// nothing else: no node_modules, no workspace), runs on the node here and fails only for the
// missing inputs, with one error line, as each CI shows it.
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { parseVsoCommands, parseWorkflowCommands } from '../support/ci/index.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const work = mkdtempSync(join(tmpdir(), 'fresh-checkout-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The parent's environment without anything a CI or AWS would have set. */
function bareEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env))
    if (!/^(INPUT_|GITHUB_|RUNNER_|AGENT_|BUILD_|SYSTEM_|ENDPOINT_|AWS_|TF_BUILD)/i.test(key))
      env[key] = value;
  return {
    ...env,
    HOME: work,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: join(work, 'none'),
    AWS_SHARED_CREDENTIALS_FILE: join(work, 'none'),
  };
}

const cases = ['aws-credentials', 'ecr-push', 'ssm-secret'].flatMap((pkg) =>
  (['github', 'azure'] as const).map((ci) => ({ pkg, ci })),
);

describe.each(cases)('packages/$pkg/dist/$ci.js from a fresh clone', ({ pkg, ci }) => {
  it('runs and fails only for the missing inputs, in one error line', async () => {
    const copy = join(work, pkg, 'dist');
    cpSync(join(ROOT, 'packages', pkg, 'dist'), copy, { recursive: true });
    const result = await promisify(execFile)(process.execPath, [join(copy, `${ci}.js`)], {
      cwd: work,
      env: bareEnv(),
      timeout: 60_000,
    }).then(
      () => ({ code: 0, stdout: '', stderr: '' }),
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).not.toMatch(/Cannot find|ERR_|require is not defined|SyntaxError/);
    const lines = result.stdout.split('\n');
    // Read as each CI reads it: the one error command, its stable code (annotation title / issue code).
    const errors =
      ci === 'github'
        ? parseWorkflowCommands(lines).filter((c) => c.command === 'error')
        : parseVsoCommands(lines).filter((c) => c.command === 'task.issue' && c.properties.type === 'error');
    expect(errors, result.stdout).toHaveLength(1);
    expect(errors[0]?.data).toMatch(/(region|parameters)\b.*Fix: Set `/i);
    expect(errors[0]?.properties[ci === 'github' ? 'title' : 'code']).toMatch(
      /^(RegionMissing|InputMissing)$/,
    );
    expect(result.stdout).not.toMatch(/\n\s+at /); // no stack trace
  });
});
