/**
 * Names from data cannot control a process (issue 16, item 2): SSM parameter names that would set a
 * loader, path, shell, git, node, python, docker, proxy, AWS endpoint, HOME/TMPDIR or CI control
 * variable (generated: case variants, prefixes, suffixes, Azure's dotted spelling) are refused in one
 * line naming the parameter and the name, through the GitHub and Azure bundles and every CLI export
 * (shell, dotenv, bash-env, gitlab-dotenv, json, buildkite), and nothing is set or written; the exact
 * name a user allows goes through. In-process, fast-check draws many more names against each CI's rules.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { azurePipelinesRules } from '@aws-ci-kit/azdo-adapter/rules';
import { describeError, errorCode } from '@aws-ci-kit/core';
import { githubRules } from '@aws-ci-kit/gha-adapter/rules';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildVariables, parseNameTransform } from '../../packages/ssm-secret/src/ssm/index.ts';
import { buildCli, fakeBuildkiteAgent, jobEnv, runCli } from '../cli/support/cli-bed.ts';
import { clientConfig } from '../support/aws/clients.js';
import { runStep } from '../support/ci/index.ts';
import { baseOptions, bundle, type ReliabilityBed, startReliabilityBed } from './support/bed.ts';

const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2_147_483_647);
const PER_RUN = 4;

/** Control variables by name, from the runners' deny lists and the tools' documentation. */
const BASES = [
  'PATH',
  'LD_PRELOAD',
  'LD_LIBRARY_PATH',
  'DYLD_INSERT_LIBRARIES',
  'BASH_ENV',
  'ENV',
  'PS1',
  'PS4',
  'PROMPT_COMMAND',
  'IFS',
  'SHELLOPTS',
  'BASHOPTS',
  'CDPATH',
  'GLOBIGNORE',
  'UID',
  'EUID',
  'PPID',
  'BASHPID',
  'GIT_CONFIG_COUNT',
  'GIT_CONFIG_KEY_0',
  'GIT_CONFIG_VALUE_0',
  'GIT_SSH_COMMAND',
  'NODE_OPTIONS',
  'NODE_PATH',
  'NODE_EXTRA_CA_CERTS',
  'PYTHONPATH',
  'PYTHONSTARTUP',
  'RUBYOPT',
  'PERL5OPT',
  'PERL5LIB',
  'JAVA_TOOL_OPTIONS',
  '_JAVA_OPTIONS',
  'DOCKER_HOST',
  'DOCKER_CONFIG',
  'http_proxy',
  'HTTPS_PROXY',
  'no_proxy',
  'ALL_PROXY',
  'AWS_ENDPOINT_URL',
  'AWS_ENDPOINT_URL_STS',
  'AWS_CA_BUNDLE',
  'AWS_CONFIG_FILE',
  'AWS_SHARED_CREDENTIALS_FILE',
  'AWS_PROFILE',
  'SSL_CERT_FILE',
  'CURL_CA_BUNDLE',
  'HOME',
  'TMPDIR',
  'SHELL',
  'GITHUB_ENV',
  'GITHUB_PATH',
  'RUNNER_TEMP',
  'ACTIONS_RUNTIME_TOKEN',
  'SYSTEM_ACCESSTOKEN',
  'AGENT_TEMPDIRECTORY',
  'BUILD_SOURCESDIRECTORY',
  'TF_BUILD',
  'CI_JOB_TOKEN',
  'BUILDKITE_AGENT_ACCESS_TOKEN',
  'CIRCLE_TOKEN',
  'BITBUCKET_STEP_OIDC_TOKEN',
];
const PREFIXES = [
  'LD_',
  'DYLD_',
  'GIT_',
  'BASH_FUNC_',
  'PYTHON',
  'NODE_',
  'DOCKER_',
  'AWS_ENDPOINT_URL_',
  'SSL_CERT_',
  'CURL_',
  'GITHUB_',
  'RUNNER_',
  'ACTIONS_',
  'SYSTEM_',
  'AGENT_',
  'BUILD_',
  'CI_',
  'BUILDKITE_',
  'CIRCLE_',
  'BITBUCKET_',
];
const SUFFIXES = ['PATH', '_PATH', '_PROXY', '_proxy'];

const word = fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{0,7}$/);
const caseOf = (name: string, variant: number): string =>
  variant === 0
    ? name
    : variant === 1
      ? name.toLowerCase()
      : [...name].map((c, i) => (i % 2 ? c.toLowerCase() : c.toUpperCase())).join('');
/** A control variable name an SSM parameter can carry (letters, digits, `_ . -`). */
const controlName = fc.oneof(
  fc.tuple(fc.constantFrom(...BASES), fc.nat(2)).map(([b, v]) => caseOf(b, v)),
  fc.tuple(fc.constantFrom(...PREFIXES), word, fc.nat(2)).map(([p, w, v]) => caseOf(`${p}${w}`, v)),
  fc.tuple(word, fc.constantFrom(...SUFFIXES)).map(([w, s]) => `${w}${s}`),
);
/** Azure maps `.` to `_` in the environment: `ld.preload` is LD_PRELOAD for every later script. */
const AZURE_DOTTED = ['ld.preload', 'git.config.count', 'system.accesstoken', 'node.options', 'https.proxy'];

const envName = (name: string): string => name.toUpperCase().replace(/[^A-Z0-9_]/g, '_');

let bed: ReliabilityBed;
let names: string[];
const prefix = `/hostile-names/${SEED}`;
const tried = { names: 0, bundleRuns: 0, cliRuns: 0, refusedInOneLine: 0, allowed: 0 };

beforeAll(async () => {
  [bed] = await Promise.all([startReliabilityBed(), buildCli()]);
  const drawn = fc.sample(controlName, { seed: SEED, numRuns: 60 });
  // Distinct after the env transform, so no two parameters collide into one variable.
  const seen = new Set<string>();
  names = [...drawn, ...BASES.slice(0, 8)].filter((n) => {
    const key = envName(n);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const ssm = new SSMClient(clientConfig(bed.ssm.bed, bed.ssm.bed.admin));
  try {
    for (const name of [...new Set([...names, ...AZURE_DOTTED, 'DB_PASSWORD', 'PATH', 'GIT_CONFIG_COUNT'])]) {
      await ssm.send(
        new PutParameterCommand({
          Name: `${prefix}/${name}`,
          Value: `v-${name}`,
          Type: 'String',
          Overwrite: true,
        }),
      );
    }
  } finally {
    ssm.destroy();
  }
}, 240_000);
afterAll(async () => {
  await bed?.stop();
  console.log(
    `[hostile names] seed=${SEED} names=${tried.names} bundle-runs=${tried.bundleRuns} cli-runs=${tried.cliRuns} refused-in-one-line=${tried.refusedInOneLine} allowed-exactly=${tried.allowed}`,
  );
});

/** Groups of a few names per run: each run's one error line must name every one of them. */
function groups(list: readonly string[]): string[][] {
  const out: string[][] = [];
  for (let i = 0; i < list.length; i += PER_RUN) out.push(list.slice(i, i + PER_RUN));
  return out;
}

function expectRefusal(line: string, group: readonly string[], toName: (n: string) => string): void {
  expect(line).not.toMatch(/[\r\n]/);
  for (const name of group) {
    expect(line).toContain(`${prefix}/${name}`);
    expect(line).toContain(JSON.stringify(toName(name)));
  }
  tried.refusedInOneLine += 1;
}

const githubInputs = (extra: Record<string, string>) => ({
  'aws-region': bed.region,
  'aws-access-key-id': bed.ssm.pipeline.accessKeyId,
  'aws-secret-access-key': bed.ssm.pipeline.secretAccessKey,
  'aws-session-token': bed.ssm.pipeline.sessionToken ?? '',
  'name-transform': 'leaf,env',
  ...extra,
});
const azureInputs = (extra: Record<string, string>) => ({
  regionName: bed.region,
  awsAccessKeyId: bed.ssm.pipeline.accessKeyId,
  awsSecretAccessKey: bed.ssm.pipeline.secretAccessKey,
  awsSessionToken: bed.ssm.pipeline.sessionToken ?? '',
  nameTransform: 'leaf',
  ...extra,
});

describe('control variable names from SSM, through the bundles', () => {
  it('GitHub: every generated name is refused in one line (ControlVariableName), nothing exported', async () => {
    for (const group of groups(names)) {
      tried.names += group.length;
      const run = await runStep('github', bundle('ssm', 'github'), {
        ...baseOptions(bed, 'github'),
        inputs: githubInputs({ names: group.map((n) => `${prefix}/${n}`).join('\n') }),
        post: false,
      });
      tried.bundleRuns += 1;
      const where = `GitHub ${JSON.stringify(group)} (FUZZ_SEED=${SEED})`;
      expect(run.main.exitCode, where).toBe(1);
      expect(run.main.errors, where).toHaveLength(1);
      expect(run.main.errorCodes, where).toEqual(['ControlVariableName']);
      expectRefusal(run.main.errors[0] ?? '', group, envName);
      expect(run.main.errors[0]).toContain('`allow-control-variables`');
      expect(Object.keys(run.main.variables), where).toEqual([]);
    }
  }, 300_000);

  it('Azure: every generated name and its dotted spelling is refused in one line, nothing set', async () => {
    for (const group of groups([...names.slice(0, 24), ...AZURE_DOTTED])) {
      tried.names += group.length;
      const run = await runStep('azure', bundle('ssm', 'azure'), {
        ...baseOptions(bed, 'azure'),
        inputs: azureInputs({ names: group.map((n) => `${prefix}/${n}`).join('\n') }),
        post: false,
      });
      tried.bundleRuns += 1;
      const where = `Azure ${JSON.stringify(group)} (FUZZ_SEED=${SEED})`;
      expect(run.main.exitCode, where).toBe(1);
      expect(run.main.errors, where).toHaveLength(1);
      expect(run.main.errorCodes, where).toEqual(['ControlVariableName']);
      expectRefusal(run.main.errors[0] ?? '', group, (n) => n);
      expect(run.main.errors[0]).toContain('`allowControlVariables`');
      expect(Object.keys(run.main.variables), where).toEqual([]);
    }
  }, 300_000);

  it('the exact name a user allows is set (GitHub `allow-control-variables`, Azure `allowControlVariables`)', async () => {
    const gh = await runStep('github', bundle('ssm', 'github'), {
      ...baseOptions(bed, 'github'),
      inputs: githubInputs({
        names: `${prefix}/PATH\n${prefix}/DB_PASSWORD`,
        'allow-control-variables': 'PATH',
      }),
      post: false,
    });
    expect(gh.main.exitCode, gh.main.lines.join('\n')).toBe(0);
    expect(gh.main.variables.PATH).toBe('v-PATH');
    // The same name in another spelling is not the name the user allowed.
    const other = await runStep('github', bundle('ssm', 'github'), {
      ...baseOptions(bed, 'github'),
      inputs: githubInputs({ names: `${prefix}/PATH`, 'allow-control-variables': 'Path' }),
      post: false,
    });
    expect(other.main.errorCodes).toEqual(['ControlVariableName']);
    const az = await runStep('azure', bundle('ssm', 'azure'), {
      ...baseOptions(bed, 'azure'),
      inputs: azureInputs({ names: `${prefix}/ld.preload`, allowControlVariables: 'ld.preload' }),
      post: false,
    });
    expect(az.main.exitCode, az.main.lines.join('\n')).toBe(0);
    expect(az.main.variables['ld.preload']).toBe('v-ld.preload');
    tried.bundleRuns += 3;
    tried.allowed += 2;
  }, 120_000);
});

type Export = 'shell' | 'dotenv' | 'bash-env' | 'gitlab-dotenv' | 'json' | 'buildkite';
const EXPORTS: readonly Export[] = ['shell', 'dotenv', 'bash-env', 'gitlab-dotenv', 'json', 'buildkite'];

function cliEnv(format: Export): { env: Record<string, string>; file: string; bashEnv: string } {
  const keys = {
    AWS_ACCESS_KEY_ID: bed.ssm.pipeline.accessKeyId,
    AWS_SECRET_ACCESS_KEY: bed.ssm.pipeline.secretAccessKey,
    AWS_SESSION_TOKEN: bed.ssm.pipeline.sessionToken ?? '',
  };
  const env = jobEnv(bed.endpoint, bed.region, { GITLAB_CI: 'true', ...keys });
  const bashEnv = join(env.HOME ?? tmpdir(), 'bash_env');
  writeFileSync(bashEnv, '# CircleCI\n');
  if (format === 'bash-env') Object.assign(env, { CIRCLECI: 'true', BASH_ENV: bashEnv });
  if (format === 'buildkite') {
    const agent = fakeBuildkiteAgent();
    Object.assign(env, { BUILDKITE: 'true', PATH: `${agent.dir}:${env.PATH}` });
    delete env.GITLAB_CI;
  }
  return { env, file: join(env.HOME ?? tmpdir(), 'out.env'), bashEnv };
}

describe('control variable names from SSM, through every CLI export', () => {
  it.each(EXPORTS)(
    '--export %s: refused in one line, nothing printed, written or appended',
    async (format) => {
      for (const group of groups(names).slice(0, 3)) {
        tried.names += group.length;
        const { env, file, bashEnv } = cliEnv(format);
        const run = await runCli(
          [
            'ssm-secret',
            '--names',
            group.map((n) => `${prefix}/${n}`).join('\n'),
            '--name-transform',
            'leaf,env',
            '--export',
            format,
            '--export-file',
            file,
          ],
          env,
        );
        tried.cliRuns += 1;
        const where = `CLI --export ${format} ${JSON.stringify(group)} (FUZZ_SEED=${SEED})`;
        expect(run.code, where).toBe(1);
        const errors = run.stderr.split('\n').filter((l) => l.startsWith('error'));
        expect(errors, where).toHaveLength(1);
        expect(errors[0]).toMatch(/^error \[ControlVariableName\]: /);
        expectRefusal(errors[0] ?? '', group, envName);
        expect(errors[0]).toContain('`--allow-control-variables`');
        expect(run.stdout, where).toBe('');
        expect(existsSync(file), where).toBe(false);
        expect(readFileSync(bashEnv, 'utf8'), where).toBe('# CircleCI\n');
      }
    },
    300_000,
  );

  it('--allow-control-variables lets that exact name through the shell export', async () => {
    const { env } = cliEnv('shell');
    const run = await runCli(
      [
        'ssm-secret',
        '--names',
        `${prefix}/GIT_CONFIG_COUNT`,
        '--name-transform',
        'leaf',
        '--export',
        'shell',
        '--allow-control-variables',
        'GIT_CONFIG_COUNT',
      ],
      env,
    );
    tried.cliRuns += 1;
    tried.allowed += 1;
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe("export GIT_CONFIG_COUNT='v-GIT_CONFIG_COUNT'\n");
  }, 60_000);
});

describe('control variable names, fuzzed in-process against each CI', () => {
  const RULES = {
    github: { rules: githubRules({}), transform: 'leaf,env', allow: '`allow-control-variables`' },
    azure: {
      rules: azurePipelinesRules(() => undefined),
      transform: 'leaf',
      allow: '`allowControlVariables`',
    },
  };
  it.each(Object.keys(RULES) as Array<keyof typeof RULES>)(
    '%s: 300 drawn names are each refused in one line, and each goes through when allowed exactly',
    (ci) => {
      const { rules, transform, allow } = RULES[ci];
      const drawn = fc.sample(fc.oneof(controlName, fc.constantFrom(...AZURE_DOTTED)), {
        seed: SEED + 7,
        numRuns: 300,
      });
      const build = (key: string, allowed: string[]) =>
        buildVariables([{ name: `${prefix}/${key}`, value: 'x', type: 'String', secret: true }], {
          rules,
          transform: { steps: parseNameTransform(transform, 'name-transform'), prefix: '' },
          parseJson: false,
          mask: () => undefined,
          allowControlVariables: allowed,
          allowInput: allow,
        });
      for (const key of drawn) {
        let error: unknown;
        try {
          build(key, []);
        } catch (e) {
          error = e;
        }
        const where = `${ci}: ${key} (FUZZ_SEED=${SEED})`;
        // A dotted name is not an environment name on GitHub: refused there for that reason first.
        if (ci === 'github' && key.includes('.')) {
          expect(error, where).toBeDefined();
          continue;
        }
        expect(errorCode(error), where).toBe('ControlVariableName');
        const line = describeError(error);
        expect(line).not.toMatch(/[\r\n]/);
        expect(line).toContain(allow);
        const name = ci === 'github' ? envName(key) : key;
        if (ci === 'azure' || !/^(GITHUB_|RUNNER_)|^NODE_OPTIONS$/i.test(name))
          expect(
            build(key, [name]).map((v) => v.name),
            where,
          ).toEqual([name]);
        tried.refusedInOneLine += 1;
      }
      tried.names += drawn.length;
    },
    60_000,
  );
});
