/**
 * Every line we print goes through one guard (issue 16, item 5), and every hint speaks the words of
 * the CI it runs on (item 8). An endpoint that answers an error whose code and message carry GitHub
 * and Azure commands, line breaks, ESC and NUL cannot issue a command or print a raw control
 * character on GitHub, Azure or the CLI (whose stderr either CI's script step may read); summary
 * cells render as text. Hints: RegionMissing, CredentialsNotFound and the network failures (refused,
 * GitHub's token service answering 500) name the fix on their own CI, never another CI's words.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { credentialsStep } from '@aws-ci-kit/aws-credentials';
import { azurePipelinesRules } from '@aws-ci-kit/azdo-adapter/rules';
import { type CiRules, describeError, errorCode, markdownTable } from '@aws-ci-kit/core';
import { recordingRuntime } from '@aws-ci-kit/core/testing';
import { githubRules } from '@aws-ci-kit/gha-adapter/rules';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pushSummaryMarkdown } from '../../packages/ecr-push/src/ecr/push-report.ts';
import { CI_PROFILES } from '../../packages/generic-adapter/src/ci-profiles.ts';
import { genericRules } from '../../packages/generic-adapter/src/generic-rules.ts';
import { buildCli, jobEnv, runCli } from '../cli/support/cli-bed.ts';
import { parseVsoCommands, parseWorkflowCommands, runStep } from '../support/ci/index.ts';
import { baseOptions, bundle, type ReliabilityBed, startReliabilityBed } from './support/bed.ts';

/** Error codes and messages an endpoint could send: commands of both CIs, line breaks, ESC, NUL, C1. */
const PAYLOADS = [
  {
    code: 'Bad\r\n::set-env name=PWNED::x',
    message: 'm1\n::add-mask::x\r::error::PWNED ##vso[task.setvariable variable=PWNED]x',
  },
  { code: 'Bad\u001b[31mThing', message: 'esc \u001b]0;title\u0007 nul \u0000 c1 \u009b2J ##[error]PWNED' },
  {
    code: 'Bad\u0085##vso[task.complete result=Succeeded]',
    message: '\r\n##vso[task.complete result=Succeeded]done',
  },
  { code: 'Plain', message: 'x\u2028::set-output name=PWNED::y\u2029##VSO[task.setsecret]z' },
];

let bed: ReliabilityBed;
const tried = { runs: 0, payloads: PAYLOADS.length, commands: 0, rawControls: 0, hints: 0, wrongWords: 0 };
beforeAll(async () => {
  [bed] = await Promise.all([startReliabilityBed(), buildCli()]);
}, 240_000);
afterAll(async () => {
  bed?.ssm.proxy.setPlan(() => 'pass');
  await bed?.stop();
  console.log(
    `[output guard] runs=${tried.runs} payloads=${tried.payloads} commands-issued=${tried.commands} raw-controls=${tried.rawControls} hints-checked=${tried.hints} wrong-ci-words=${tried.wrongWords}`,
  );
});

const RAW_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

function answer(payload: { code: string; message: string }): void {
  bed.ssm.proxy.setPlan((req) =>
    req.action === 'GetParameters'
      ? {
          raw: {
            status: 400,
            contentType: 'application/x-amz-json-1.1',
            body: JSON.stringify({ __type: payload.code, message: payload.message }),
          },
        }
      : 'pass',
  );
}

function checkLines(lines: readonly string[], where: string): void {
  const bad = lines.filter((l) => RAW_CONTROL.test(l));
  if (bad.length) tried.rawControls += 1;
  expect(bad, where).toEqual([]);
}

describe.each(['github', 'azure'] as const)('hostile error text on %s', (ci) => {
  it.each(PAYLOADS.map((p, i) => [i, p] as const))(
    'payload %i issues no command, prints no raw control',
    async (_i, payload) => {
      answer(payload);
      try {
        const inputs =
          ci === 'github'
            ? {
                'aws-region': bed.region,
                'aws-access-key-id': bed.ssm.pipeline.accessKeyId,
                'aws-secret-access-key': bed.ssm.pipeline.secretAccessKey,
                'aws-session-token': bed.ssm.pipeline.sessionToken ?? '',
                names: '/app/prod/db/password=DB_PASSWORD',
                'retry-max-attempts': '1',
              }
            : {
                regionName: bed.region,
                awsAccessKeyId: bed.ssm.pipeline.accessKeyId,
                awsSecretAccessKey: bed.ssm.pipeline.secretAccessKey,
                awsSessionToken: bed.ssm.pipeline.sessionToken ?? '',
                names: '/app/prod/db/password=DB_PASSWORD',
                retryMaxAttempts: '1',
              };
        const run = await runStep(ci, bundle('ssm', ci), {
          ...baseOptions(bed, ci),
          inputs,
          debug: true,
          post: false,
        });
        tried.runs += 1;
        const where = `${ci} ${JSON.stringify(payload)}: ${run.main.lines.join('\n').slice(-800)}`;
        expect(run.main.exitCode, where).toBe(1);
        expect(run.main.errors, where).toHaveLength(1);
        const forged = run.main.parsedCommands.filter(
          (c) =>
            c.command === 'set-env' ||
            c.command === 'set-output' ||
            c.command === 'task.setvariable' ||
            // The task masks its own keys with task.setsecret; a forged one would carry the payload's data.
            (c.command === 'task.setsecret' && /^z$|PWNED/.test((c as { data?: string }).data ?? '')) ||
            (c.command === 'task.complete' &&
              (c as { properties?: Record<string, string> }).properties?.result !== 'Failed'),
        );
        if (forged.length) tried.commands += 1;
        expect(forged, where).toEqual([]);
        expect(JSON.stringify(run.main.variables), where).not.toMatch(/PWNED/);
        checkLines(run.main.lines, where);
      } finally {
        bed.ssm.proxy.setPlan(() => 'pass');
      }
    },
    60_000,
  );
});

describe('hostile error text through the CLI', () => {
  it.each(PAYLOADS.map((p, i) => [i, p] as const))(
    'payload %i: stderr holds no GitHub or Azure command and no raw control character',
    async (_i, payload) => {
      answer(payload);
      try {
        const env = jobEnv(bed.endpoint, bed.region, {
          GITLAB_CI: 'true',
          AWS_ACCESS_KEY_ID: bed.ssm.pipeline.accessKeyId,
          AWS_SECRET_ACCESS_KEY: bed.ssm.pipeline.secretAccessKey,
          AWS_SESSION_TOKEN: bed.ssm.pipeline.sessionToken ?? '',
        });
        const run = await runCli(
          [
            'ssm-secret',
            '--names',
            '/app/prod/db/password=DB_PASSWORD',
            '--retry-max-attempts',
            '1',
            '--debug',
          ],
          env,
        );
        tried.runs += 1;
        const where = `CLI ${JSON.stringify(payload)}: ${run.stderr.slice(-800)}`;
        expect(run.code, where).toBe(1);
        // A GitHub or an Azure script step running the CLI reads its stderr line by line (CR ends a line too).
        const lines = run.stderr.split(/\r\n|\r|\n/);
        const github = parseWorkflowCommands(lines);
        const azure = parseVsoCommands(lines);
        if (github.length || azure.length) tried.commands += 1;
        expect(github, where).toEqual([]);
        expect(azure, where).toEqual([]);
        expect(
          lines.filter((l) => /^\s*::|##vso\[|##\[/i.test(l)),
          where,
        ).toEqual([]);
        checkLines(lines, where);
        expect(
          lines.filter((l) => l.startsWith('error')),
          where,
        ).toHaveLength(1);
      } finally {
        bed.ssm.proxy.setPlan(() => 'pass');
      }
    },
    60_000,
  );
});

describe('summary cells render as text', () => {
  it.each([
    '![p](https://evil.example/pixel.png)',
    '[release notes](https://evil.example)',
    '<img src=https://evil.example/x onerror=alert(1)>',
    '<a href="https://evil.example">x</a>',
    'https://evil.example/auto',
    'linux/amd64 ![p](https://evil.example/x.png)',
    '**bold** _em_ ~~gone~~ # heading',
    'esc\u001b[31m nul\u0000 |pipe|',
  ])('%j', (payload) => {
    const table = markdownTable(['Platform', 'Digest'], [[payload, { code: payload }]]);
    const row = table.split('\n')[2] ?? '';
    const text = row.replace(/`[^`]*`/g, '');
    expect(text).not.toMatch(/!\[|(?<!\\)\[[^\]]*(?<!\\)\]\(|<[a-z]|https?:\/\//i);
    expect(row).not.toMatch(RAW_CONTROL);
    expect(row.split(/(?<!\\)\|/)).toHaveLength(4);
  });
});

describe('the ECR push summary renders registry-supplied text as text', () => {
  it('a platform string, tag and digest carrying markup or controls', () => {
    const md = pushSummaryMarkdown(
      {
        repositoryUri: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/app',
        digest: 'sha256:![p](https://evil.example/d.png)',
        mediaType: 'application/vnd.oci.image.index.v1+json',
        tags: ['v1`|<img src=x>'],
        platforms: [
          'linux/amd64 ![p](https://evil.example/x.png)',
          '[x](https://evil.example) <b>\u001b[31m',
        ],
        blobs: [],
        bytesUploaded: 1,
        bytesTotal: 2,
        seconds: 0.5,
      },
      'daemonless',
    );
    const text = md.replace(/`[^`]*`/g, '');
    expect(text).not.toMatch(/!\[|(?<!\\)\[[^\]]*(?<!\\)\]\(|<[a-z]|https?:\/\//i);
    expect(md).not.toMatch(RAW_CONTROL);
    for (const row of md.split('\n').filter((l) => l.startsWith('| ')))
      expect(row.split(/(?<!\\)\|/)).toHaveLength(4);
  });
});

/** Words that belong to another CI: a hint on this CI must not use them. */
const WRONG_WORDS: Record<string, RegExp> = {
  github:
    /service connection|AWS\.Region|pipeline variable|Azure|regionName|awsCredentials|--[a-z]|AWS_CI_KIT_/,
  azure: /GitHub|workflow|id-token|`aws-region`|`role-to-assume`|--[a-z]|AWS_CI_KIT_/,
  generic: /service connection|AWS\.Region|pipeline variable|workflow|id-token: write|`aws-region`/,
};
const CIS: Record<string, { ci: 'github' | 'azure-pipelines' | 'generic'; rules: CiRules }> = {
  github: { ci: 'github', rules: githubRules({}) },
  azure: { ci: 'azure-pipelines', rules: azurePipelinesRules(() => undefined) },
  generic: { ci: 'generic', rules: genericRules(CI_PROFILES.gitlab!, {}) },
};

function expectOwnWords(ci: string, text: string, where: string): void {
  tried.hints += 1;
  const wrong = WRONG_WORDS[ci]?.exec(text);
  if (wrong) tried.wrongWords += 1;
  expect(wrong?.[0], `${where}: ${text}`).toBeUndefined();
}

describe.each(Object.keys(CIS))('hints on %s use its own words', (ci) => {
  const { rules } = CIS[ci]!;
  it('every hint its rules hold', () => {
    for (const [key, value] of Object.entries(rules)) {
      if (typeof value === 'string') expectOwnWords(ci, value, key);
    }
    expectOwnWords(ci, rules.inputLabel('allow-control-variables'), 'inputLabel');
  });

  const run = async (inputs: Record<string, string>, env: Record<string, string>) => {
    const runtime = recordingRuntime({
      ci: CIS[ci]!.ci,
      rules,
      inputs: { 'retry-max-attempts': '1', retryMaxAttempts: '1', ...inputs },
      env: { AWS_EC2_METADATA_DISABLED: 'true', HOME: '/nonexistent-home', ...env },
    });
    let error: unknown;
    await credentialsStep(runtime).catch((e: unknown) => {
      error = e;
    });
    tried.runs += 1;
    return error;
  };

  it('RegionMissing', async () => {
    const error = await run({}, { AWS_ACCESS_KEY_ID: 'AKIAXXXXXXXXXXXXXXXX', AWS_SECRET_ACCESS_KEY: 'x' });
    expect(errorCode(error)).toBe('RegionMissing');
    expectOwnWords(ci, describeError(error), 'RegionMissing');
  });

  it('CredentialsNotFound', async () => {
    const error = await run({}, { AWS_REGION: 'eu-west-1' });
    expect(errorCode(error)).toBe('CredentialsNotFound');
    expectOwnWords(ci, describeError(error), 'CredentialsNotFound');
  });

  it('a refused connection says so, not "did not answer in time"', async () => {
    const error = await run(
      { 'sts-endpoint': 'http://127.0.0.1:1', stsEndpoint: 'http://127.0.0.1:1' },
      { AWS_REGION: 'eu-west-1', AWS_ACCESS_KEY_ID: 'AKIAXXXXXXXXXXXXXXXX', AWS_SECRET_ACCESS_KEY: 'x' },
    );
    expect(errorCode(error)).toBe('NetworkError');
    const line = describeError(error);
    expect(line).toMatch(/connection was refused/i);
    expect(line).not.toMatch(/did not answer in time/);
    expectOwnWords(ci, line, 'NetworkError');
  });
});

describe("GitHub's OIDC token service answering 500", () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    server = createServer((_req, res) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end('{"message":"internal"}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/token?api-version=2.0`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('is reported as the token service failing, not AWS not answering', async () => {
    const run = await runStep('github', bundle('credentials', 'github'), {
      ...baseOptions(bed, 'github'),
      inputs: {
        'aws-region': bed.region,
        'role-to-assume': bed.ssm.bed.roles.pipeline.arn,
        'retry-max-attempts': '1',
      },
      env: {
        ...baseOptions(bed, 'github').env,
        ACTIONS_ID_TOKEN_REQUEST_URL: url,
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'request-token',
      },
      post: false,
    });
    tried.runs += 1;
    const where = run.main.lines.join('\n').slice(-800);
    expect(run.main.exitCode, where).toBe(1);
    expect(run.main.errors, where).toHaveLength(1);
    const line = run.main.errors[0] ?? '';
    expect(line).toMatch(/GitHub's OIDC token service answered HTTP 500/);
    expect(line).not.toMatch(/did not answer in time|AWS STS answered/);
    expectOwnWords('github', line, 'OIDC 500');
  }, 60_000);
});
