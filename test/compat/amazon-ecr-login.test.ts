/**
 * amazon-ecr-login compatibility: every input and output of its current action.yml (facts in
 * incumbents/amazon-ecr-login.json, with the version and commit they come from) is declared by our
 * ECR action with its default, and each has its effect shown: here for the refusals (they fail
 * before any AWS call, through the GitHub bundle), and in test/ecr/ for the registry logins
 * (they need the TLS registry under the ECR name). A new input makes this test fail until handled.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runStep } from '../support/ci/index.ts';

const packages = join(import.meta.dirname, '..', '..', 'packages');
const BUNDLE = join(packages, 'ecr-push', 'dist', 'github.js');
const incumbent = JSON.parse(
  await readFile(join(import.meta.dirname, 'incumbents/amazon-ecr-login.json'), 'utf8'),
) as {
  source: { version: string; commit: string };
  inputs: Record<string, { default?: string }>;
  outputs: string[];
};
const ours = parse(await readFile(join(packages, 'ecr-push', 'action.yml'), 'utf8')) as {
  inputs: Record<string, { default?: string }>;
  outputs: Record<string, unknown>;
};

/** Where each input's effect is shown. */
const INPUT_CASES: Record<string, string> = {
  'http-proxy': 'credentials/proxy.test.ts (the same request handler serves ECR)',
  'mask-password': 'here: `false` is refused in one line (docs/migration.md)',
  registries: 'ecr/step.test.ts (login to the listed registries)',
  'registry-type': 'here (an unknown type is refused) and ecr/public.test.ts (public)',
  'skip-logout': 'ecr/step.test.ts (post step keeps the logins)',
};
/** Where each output is shown. `docker_username_*` / `docker_password_*` are prefixes there. */
const OUTPUT_CASES: Record<string, string> = {
  registry: 'ecr/step.test.ts, ecr/bundle.test.ts',
};

beforeAll(async () => {
  await promisify(execFile)(
    'flock',
    [join(tmpdir(), 'aws-ci-kit-ecr-push-bundle.lock'), 'pnpm', '--filter', '@aws-ci-kit/ecr-push', 'bundle'],
    { cwd: packages },
  );
}, 120_000);

describe(`amazon-ecr-login ${incumbent.source.version} (${incumbent.source.commit.slice(0, 7)})`, () => {
  it('every input and output has a case, and our action.yml declares them with its defaults', () => {
    expect(Object.keys(INPUT_CASES).sort()).toEqual(Object.keys(incumbent.inputs).sort());
    expect(Object.keys(OUTPUT_CASES).sort()).toEqual([...incumbent.outputs].sort());
    for (const [name, spec] of Object.entries(incumbent.inputs)) {
      expect(ours.inputs[name], name).toBeDefined();
      expect(ours.inputs[name]?.default, name).toBe(spec.default);
    }
    for (const name of incumbent.outputs) expect(ours.outputs[name], name).toBeDefined();
  });

  it('`mask-password: false` fails in one line, before any AWS call, saying why and what to do', async () => {
    const { main } = await runStep('github', BUNDLE, {
      post: false,
      env: { AWS_ENDPOINT_URL: 'http://127.0.0.1:9' },
      inputs: { 'aws-region': 'eu-central-1', 'mask-password': 'false' },
    });
    expect(main.exitCode).toBe(1);
    expect(main.errors).toEqual([
      '`mask-password: false` would leave the ECR password unmasked, which aws-ci-kit never does. Fix: Drop `mask-password` and log in with this step in the job that pushes (it needs no password from another job).',
    ]);
  }, 60_000);

  it('an unknown `registry-type` fails in one line, as there', async () => {
    const { main } = await runStep('github', BUNDLE, {
      post: false,
      env: { AWS_ENDPOINT_URL: 'http://127.0.0.1:9' },
      inputs: { 'aws-region': 'eu-central-1', 'registry-type': 'hybrid' },
    });
    expect(main.exitCode).toBe(1);
    expect(main.errors).toHaveLength(1);
    expect(main.errors[0]).toMatch(/`registry-type`.*private.*public/);
  }, 60_000);
});
