// Both entry bundles as child processes, as the runners start them, against moto (IAM enforced)
// through the proxy. Hostile parameter values must arrive as data: the variables later steps see
// are exactly the parameters, no command or variable appears from a value, and with debug on no
// decrypted value is shown unmasked.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { toEnvName } from '@aws-ci-kit/ssm-secret/ssm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, credentialEnv } from '../support/aws/clients.js';
import {
  assertMaskedBeforeUse,
  type Ci,
  type RunStepOptions,
  runStep,
  type StepView,
  secretPieces,
} from '../support/ci/index.ts';
import { HOSTILE, type SsmBed, startSsmBed } from './ssm-bed.ts';

const PKG = resolve(import.meta.dirname, '../../packages/ssm-secret');

let bed: SsmBed;
beforeAll(async () => {
  execFileSync('pnpm', ['--filter', '@aws-ci-kit/ssm-secret', 'bundle'], { cwd: PKG, stdio: 'pipe' });
  bed = await startSsmBed();
}, 120_000);
afterAll(async () => {
  await bed?.stop();
});

const secretValues = (): string[] => [
  ...Object.values(HOSTILE),
  'nuget-token-s3cr3t',
  'v3-secret',
  'sm-token-42',
  'json-pass-1',
];
/**
 * No piece of a secret (the value, each line of it; 3 characters or more) is ever shown or stored
 * unmasked: every text the CI logs or stores is checked with the masks registered before it.
 */
function expectNoLeaks(view: StepView, secrets: readonly string[]): void {
  for (const secret of secrets) {
    for (const piece of secret.split(/\r\n|\r|\n/)) {
      if (piece.trim().length >= 3) assertMaskedBeforeUse(view.events, piece);
    }
  }
}

/** The bundle, main only, as its CI starts it, with the AWS bed's endpoint and region. */
async function runBundle(ci: Ci, env: Record<string, string>, options: RunStepOptions = {}) {
  const aws = Object.entries(cliEnv({ endpoint: bed.proxy.endpoint, region: bed.bed.region })).filter(
    (entry): entry is [string, string] =>
      entry[0].startsWith('AWS_') && entry[0] !== 'AWS_PAGER' && entry[1] !== undefined,
  );
  const run = await runStep(ci, join(PKG, 'dist', `${ci}.js`), {
    post: false,
    timeoutMs: 60_000,
    ...options,
    env: { ...Object.fromEntries(aws), ...env },
  });
  return run.main;
}

describe('GitHub Actions bundle', () => {
  it('hostile values become exactly the expected variables and outputs; no command, no leak in debug', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ssm-gh-'));
    const dotenv = join(dir, 'ssm.env');
    const main = await runBundle('github', credentialEnv(bed.pipeline), {
      dir,
      debug: true,
      splitStderr: true,
      inputs: {
        paths: '/hostile',
        names: '/serenity/production/VSS_NUGET_ACCESSTOKEN=VSS_NUGET_ACCESSTOKEN',
        'dotenv-file': dotenv,
      },
    });
    // node 20 makes the SDK print a support notice on stderr; nothing else may be there.
    expect(
      `${(main.stderrLines ?? []).join('\n')}\n`
        .replace(/\(node:\d+\) Warning: NodeVersionSupportWarning[\s\S]*?trace-warnings[^\n]*\n/, '')
        .trim(),
    ).toBe('');
    expect(main.exitCode).toBe(0);

    const expected = new Map<string, string>([['VSS_NUGET_ACCESSTOKEN', 'nuget-token-s3cr3t']]);
    for (const [key, value] of Object.entries(HOSTILE)) {
      expected.set(toEnvName(`/hostile/secure/${key}`), value);
      expected.set(toEnvName(`/hostile/plain/${key}`), value);
    }
    // Exactly these, each set once, byte for byte as the runner reads the file commands.
    const expectedEntries = [...expected].sort(([a], [b]) => a.localeCompare(b));
    const sorted = (entries: ReadonlyArray<readonly [string, string]>) =>
      [...entries].sort(([a], [b]) => a.localeCompare(b));
    expect(sorted(main.recorded.variables)).toEqual(expectedEntries);
    expect(sorted(main.recorded.outputs)).toEqual(expectedEntries);
    expect(main.recorded.state).toEqual([]);

    expectNoLeaks(main, secretValues());
    expect(
      assertMaskedBeforeUse(main.events, 'nuget-token-s3cr3t'),
      'the check saw the secret',
    ).toBeGreaterThan(0);
    expect(new Set(main.commands)).toEqual(new Set(['add-mask', 'debug']));
    // Every secret (and each of its lines) was registered; no plain value was.
    for (const value of [...Object.values(HOSTILE), 'nuget-token-s3cr3t']) {
      for (const piece of secretPieces(value)) expect(main.masks).toContain(piece);
    }
    expect(main.masks).not.toContain('db.internal.example');
    expect(main.lines.join('\n')).toMatch(/Set 27 variable\(s\), 14 secret, from 27 parameter\(s\)/);

    // The dotenv file: 0600, and python-dotenv reads back exactly the values.
    expect(statSync(dotenv).mode & 0o777).toBe(0o600);
    const parsed = JSON.parse(
      execFileSync(
        'python3',
        [
          '-c',
          'import sys,json,dotenv; print(json.dumps(dotenv.dotenv_values(sys.argv[1], interpolate=False)))',
          dotenv,
        ],
        { encoding: 'utf8' },
      ),
    );
    expect(new Map(Object.entries(parsed))).toEqual(expected);
  }, 90_000);

  it('assumes the pipeline role from the inputs (external id) like the seed pipeline', async () => {
    const main = await runBundle('github', credentialEnv(bed.bed.toolkitUser), {
      inputs: {
        names: '/serenity/production/VSS_NUGET_ACCESSTOKEN=NUGET_TOKEN',
        'role-to-assume': bed.bed.roles.pipeline.arn,
        'role-external-id': bed.bed.externalId,
        'aws-region': bed.bed.region,
      },
    });
    expect(main.exitCode).toBe(0);
    expectNoLeaks(main, ['nuget-token-s3cr3t']);
    expect(main.variables.NUGET_TOKEN).toBe('nuget-token-s3cr3t');
    expect(main.lines.join('\n')).toContain('pipeline-role');
  }, 60_000);

  it('a user error is one line, with the fix', async () => {
    const main = await runBundle('github', credentialEnv(bed.noBypath), { inputs: { paths: '/app/prod' } });
    expect(main.exitCode).toBe(1);
    expect(main.errors).toHaveLength(1);
    expect(main.errors[0]).toMatch(
      /^AWS denied ssm:GetParametersByPath for path \/app\/prod: .* Fix: Allow ssm:GetParametersByPath/,
    );
    expect(main.errors[0]).not.toContain('\n');
  }, 60_000);
});

describe('Azure Pipelines bundle', () => {
  it('hostile values become exactly the expected secret variables; no command, no leak in debug', async () => {
    const main = await runBundle(
      'azure',
      {
        ...credentialEnv(bed.pipeline),
        // Azure's own opt-in for multi-line secret variables (each line is masked).
        SYSTEM_UNSAFEALLOWMULTILINESECRET: 'true',
      },
      {
        debug: true,
        inputs: {
          readMode: 'hierarchy',
          parameterPath: 'hostile',
          recursive: 'true',
          hierarchyNameTransform: 'none',
          names: '/serenity/production/VSS_NUGET_ACCESSTOKEN=nuget.token',
        },
      },
    );
    const failures = main.parsedCommands.filter(
      (c) => c.command === 'task.complete' || c.command === 'task.issue',
    );
    expect(failures).toEqual([]);
    expect(main.exitCode).toBe(0);

    const expected = new Map<string, { value: string; secret: boolean }>([
      ['nuget.token', { value: 'nuget-token-s3cr3t', secret: true }],
    ]);
    for (const [key, value] of Object.entries(HOSTILE)) {
      expected.set(`/hostile/secure/${key}`, { value, secret: true });
      expected.set(`/hostile/plain/${key}`, { value, secret: false });
    }
    const set = main.parsedCommands.filter((c) => c.command === 'task.setvariable');
    const variables = new Map(
      set
        .filter((c) => c.properties.isoutput !== 'true')
        .map((c) => [c.properties.variable!, { value: c.data, secret: c.properties.issecret === 'true' }]),
    );
    const outputs = new Map(
      set
        .filter((c) => c.properties.isoutput === 'true')
        .map((c) => [c.properties.variable!, { value: c.data, secret: c.properties.issecret === 'true' }]),
    );
    expect(variables).toEqual(expected);
    expect(outputs).toEqual(expected);
    expect(new Set(main.commands)).toEqual(new Set(['task.setvariable', 'task.setsecret', 'task.debug']));
    expectNoLeaks(main, secretValues());
    expect(
      assertMaskedBeforeUse(main.events, 'nuget-token-s3cr3t'),
      'the check saw the secret',
    ).toBeGreaterThan(0);
  }, 90_000);

  it('without the opt-in, multi-line secrets fail the step before any variable is set', async () => {
    const main = await runBundle('azure', credentialEnv(bed.pipeline), {
      inputs: { readMode: 'hierarchy', parameterPath: '/hostile/secure', hierarchyNameTransform: 'leaf' },
    });
    expect(main.exitCode).toBe(1);
    expect(main.commands.filter((c) => c === 'task.setvariable')).toEqual([]);
    const complete = main.parsedCommands.filter((c) => c.command === 'task.complete');
    expect(complete).toHaveLength(1);
    expect(complete[0]!.data).toBe(
      'Azure Pipelines cannot hold 7 multi-line secret(s): crlf; delimiter; ghCommandAfterNewline; heredoc; long; newline; vsoAfterNewline. Fix: Set the pipeline variable System.UnsafeAllowMultilineSecret to true (each line is masked), or store the values on one line (e.g. base64).',
    );
    expectNoLeaks(main, Object.values(HOSTILE));
  }, 60_000);
});
