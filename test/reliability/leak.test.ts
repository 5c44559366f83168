/**
 * Leak suite: every secret kind (access keys, session tokens, SecureStrings incl. 100 KB and
 * multi-line, Secrets Manager values, ECR passwords, proxy passwords) x every step x both CIs x
 * debug on/off, through the built bundles. Each secret (and each line of a multi-line one) must be
 * masked before anything shows or stores it: stdout of main and post, every command's data, and
 * every file left in the job's temp dir after the post step.
 */
import { basename } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertMaskedBeforeUse, type Ci, type CiRun, runStep, secretPieces } from '../support/ci/index.ts';
import {
  baseOptions,
  bundle,
  CIS,
  filesUnder,
  IN,
  PROXY_PASSWORD,
  type ReliabilityBed,
  STEPS,
  STORED_SECRETS,
  type StepName,
  startReliabilityBed,
} from './support/bed.ts';

let bed: ReliabilityBed;
beforeAll(async () => {
  bed = await startReliabilityBed();
}, 180_000);
const tried = { runs: 0, secrets: 0, checks: 0, files: 0, leaks: 0 };
afterAll(async () => {
  await bed?.stop();
  console.log(
    `[leak suite] runs=${tried.runs} secret-values=${tried.secrets} checks=${tried.checks} files-scanned=${tried.files} leaks=${tried.leaks}`,
  );
});

/** The inputs each step runs with, and the secrets it is given. */
function plan(
  step: StepName,
  ci: Ci,
): { inputs: Record<string, string>; secretInputs: string[]; given: string[] } {
  const n = IN[ci];
  const user = bed.ssm.bed.toolkitUser;
  const session = bed.ssm.pipeline;
  const proxyUrl = bed.connect.url;
  if (step === 'credentials') {
    return {
      inputs: {
        [n.region]: bed.region,
        [n.keyId]: user.accessKeyId,
        [n.secret]: user.secretAccessKey,
        [n.role]: bed.ssm.bed.roles.pipeline.arn,
        [n.externalId]: bed.ssm.bed.externalId,
        [n.proxy]: proxyUrl,
        [n.outputCredentials]: 'true',
      },
      secretInputs: [n.keyId, n.secret],
      given: [user.secretAccessKey, PROXY_PASSWORD],
    };
  }
  const keys = {
    [n.region]: bed.region,
    [n.keyId]: session.accessKeyId,
    [n.secret]: session.secretAccessKey,
    [n.token]: session.sessionToken ?? '',
    [n.proxy]: proxyUrl,
  };
  const given = [session.secretAccessKey, session.sessionToken ?? '', PROXY_PASSWORD];
  if (step === 'ssm') {
    return {
      inputs: {
        ...keys,
        paths: '/hostile/secure',
        names: [
          '/serenity/production/VSS_NUGET_ACCESSTOKEN=NUGET',
          '/app/prod/db/password=DB_PASSWORD',
          '/aws/reference/secretsmanager/ci/token=SM_TOKEN',
          '/aws/reference/secretsmanager/ci/db-creds=SM_DB',
        ].join('\n'),
      },
      secretInputs: [n.keyId, n.secret, n.token],
      given: [...given, ...STORED_SECRETS],
    };
  }
  return {
    inputs: { ...keys, [n.outputDockerCredentials]: 'true' },
    secretInputs: [n.keyId, n.secret, n.token],
    given,
  };
}

/** Secrets the step made: exported keys and tokens, ECR passwords (values set as secret). */
function produced(run: CiRun): string[] {
  const out: string[] = [];
  for (const view of [run.main, run.post]) {
    if (!view) continue;
    for (const [name, value] of Object.entries({ ...view.variables, ...view.outputs })) {
      if (/SECRET|TOKEN|PASSWORD|password|Secret|Token/.test(name) && !/EXPIRATION/i.test(name))
        out.push(value);
    }
  }
  return out;
}

/** CI channels that carry values to later steps by design (the runner masks them); the rest must not. */
const CI_CHANNEL = /^(main|post)-github_|^log-/;

describe.each(STEPS)('the %s step leaks no secret', (step) => {
  describe.each(CIS)('on %s', (ci) => {
    it.each([false, true])(
      'debug %s',
      async (debug) => {
        const { inputs, secretInputs, given } = plan(step, ci);
        const run = await runStep(ci, bundle(step, ci), {
          ...baseOptions(bed, ci),
          inputs,
          secretInputs,
          debug,
          post: 'always',
        });
        tried.runs += 1;
        expect(run.main.errors).toEqual([]);
        expect(run.main.exitCode).toBe(0);
        const secrets = [...new Set([...given, ...produced(run)])].filter((s) => s.length >= 8);
        expect(secrets.length).toBeGreaterThan(step === 'credentials' ? 3 : 3);
        tried.secrets += secrets.length;
        for (const view of [run.main, run.post]) {
          if (!view) continue;
          const events =
            view === run.post
              ? [...run.main.events.filter((e) => e.kind === 'mask'), ...view.events]
              : view.events;
          for (const secret of secrets) {
            for (const piece of secretPieces(secret)) {
              if (piece.trim().length < 4) continue;
              tried.checks += 1;
              try {
                assertMaskedBeforeUse(events, piece);
              } catch (error) {
                tried.leaks += 1;
                throw error;
              }
            }
          }
        }
        // Every file the step left behind (docker config, profiles, summaries): no secret piece at all.
        for (const file of filesUnder(run.dir)) {
          if (CI_CHANNEL.test(basename(file.path))) continue;
          tried.files += 1;
          for (const secret of secrets) {
            for (const piece of secretPieces(secret)) {
              if (piece.trim().length < 8) continue;
              if (file.text.includes(piece)) {
                tried.leaks += 1;
                expect.fail(
                  `${file.path} holds a secret piece ${JSON.stringify(piece.slice(0, 4))}… after the post step`,
                );
              }
            }
          }
        }
      },
      90_000,
    );
  });
});
