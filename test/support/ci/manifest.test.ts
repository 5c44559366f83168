/**
 * The harness gives an entry what the runner / agent gives it (manifest.ts, run-step.ts): every input
 * the manifest declares under the CI's environment name, defaults and expressions as the CI applies
 * them, Azure's trimming, macros and rooted file paths, the working directory, and the post step as
 * `post-if` / `postjobexecution` say. Checked on the shipped manifests and on a throw-away entry that
 * prints what it received.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  effectiveInputs,
  GITHUB_EXPRESSION_VALUES,
  inputKey,
  manifestPath,
  readManifest,
  rootAzurePath,
  runStep,
  unexpectedInputs,
} from './index.ts';

const PACKAGES = resolve(import.meta.dirname, '../../../packages');
const ENTRIES = {
  github: ['aws-credentials', 'ecr-push', 'ssm-secret'],
  azure: ['aws-credentials', 'ecr-push', 'ssm-secret', 'aws-cli', 'shell-script'],
} as const;
const bundleOf = (pkg: string, ci: 'github' | 'azure') => join(PACKAGES, pkg, 'dist', `${ci}.js`);

describe('the shipped manifests, as the CI reads them', () => {
  it('GitHub: every declared input is passed, its default or empty; names upper-cased, hyphens kept', () => {
    for (const pkg of ENTRIES.github) {
      const manifest = readManifest('github', manifestPath('github', bundleOf(pkg, 'github')));
      const inputs = effectiveInputs('github', manifest, { 'aws-region': ' eu-west-1 ' }, {});
      expect(Object.keys(inputs).sort()).toEqual(Object.keys(manifest.defaults).sort());
      // The runner does not trim (the toolkit's getInput does, in the step).
      expect(inputs['aws-region']).toBe(' eu-west-1 ');
      expect(inputKey('github', 'aws-region')).toBe('INPUT_AWS-REGION');
      expect(inputKey('github', 'my input')).toBe('INPUT_MY_INPUT');
    }
    const ssm = readManifest('github', manifestPath('github', bundleOf('ssm-secret', 'github')));
    expect(ssm.defaults['name-transform']).toBe('env');
    expect(ssm.defaults.names).toBe('');
  });

  it('Azure: every declared input is passed trimmed, its defaultValue or empty, macros expanded, file paths rooted', () => {
    for (const pkg of ENTRIES.azure) {
      const manifest = readManifest('azure', manifestPath('azure', bundleOf(pkg, 'azure')));
      const inputs = effectiveInputs(
        'azure',
        manifest,
        { REGIONNAME: ' $(aws.region) ' },
        { 'AWS.Region': 'eu-west-1' },
        '/w/s',
      );
      expect(Object.keys(inputs).sort()).toEqual(Object.keys(manifest.defaults).sort());
      expect(inputs.regionName, pkg).toBe('eu-west-1');
      for (const name of manifest.filePaths) expect(inputs[name], `${pkg} ${name}`).toMatch(/^\/w\/s/);
    }
    const ecr = readManifest('azure', manifestPath('azure', bundleOf('ecr-push', 'azure')));
    expect(ecr.filePaths).toEqual(
      expect.arrayContaining(['dockerfile', 'buildContext', 'webIdentityTokenFile']),
    );
    expect(ecr.defaults.pushTag).toBe('');
    expect(ecr.defaults.imageSource).toBe('imagename');
    expect(inputKey('azure', 'AWS.Region')).toBe('INPUT_AWS_REGION');
    expect(rootAzurePath('', '/w/s')).toBe('/w/s');
    expect(rootAzurePath('Dockerfile', '/w/s')).toBe('/w/s/Dockerfile');
    expect(rootAzurePath('/abs/./x/', '/w/s')).toBe('/abs/x');
  });

  it('post steps: GitHub post-if always() for credentials and ECR, none for SSM; Azure post-job after success', () => {
    const post = (ci: 'github' | 'azure', pkg: string) =>
      readManifest(ci, manifestPath(ci, bundleOf(pkg, ci))).post;
    expect(post('github', 'aws-credentials')).toBe('always');
    expect(post('github', 'ecr-push')).toBe('always');
    expect(post('github', 'ssm-secret')).toBe('none');
    expect(post('azure', 'aws-credentials')).toBe('success');
    expect(post('azure', 'ecr-push')).toBe('success');
    expect(post('azure', 'ssm-secret')).toBe('none');
    expect(post('azure', 'shell-script')).toBe('none');
  });

  it('an input the manifest does not declare is reported (GitHub exactly, Azure case-insensitively)', () => {
    const gh = readManifest('github', manifestPath('github', bundleOf('ecr-push', 'github')));
    expect(unexpectedInputs('github', gh, { repository: 'x', Repository: 'y', tag: 'v1' })).toEqual([
      'Repository',
      'tag',
    ]);
    const az = readManifest('azure', manifestPath('azure', bundleOf('ecr-push', 'azure')));
    expect(unexpectedInputs('azure', az, { REPOSITORYNAME: 'x', repository: 'y' })).toEqual(['repository']);
  });
});

describe('a throw-away entry run by runStep', () => {
  let pkg: string;
  beforeAll(async () => {
    pkg = await mkdtemp(join(tmpdir(), 'harness-entry-'));
    await mkdir(join(pkg, 'dist'));
    // Prints its inputs, cwd and the step it is (main or post); fails main when asked to.
    const entry = [
      "const fs = require('node:fs');",
      "const post = process.env.STATE_isPost === 'true' || process.env.VSTS_TASKVARIABLE_AWS_CI_KIT_IS_POST === 'true';",
      "const inputs = Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('INPUT_')));",
      "fs.writeFileSync(process.env.OUT + (post ? '/post.json' : '/main.json'), JSON.stringify({ inputs, cwd: process.cwd() }));",
      "if (!post && process.env.GITHUB_STATE) fs.appendFileSync(process.env.GITHUB_STATE, 'isPost=true\\n');",
      "if (!post && process.env.AGENT_TEMPDIRECTORY) console.log('##vso[task.settaskvariable variable=AWS_CI_KIT_IS_POST]true');",
      "process.exit(!post && process.env.INPUT_FAIL === 'yes' ? 1 : 0);",
    ].join('\n');
    await writeFile(join(pkg, 'dist', 'github.cjs'), entry);
    await writeFile(join(pkg, 'dist', 'azure.cjs'), entry);
  });
  afterAll(() => rm(pkg, { recursive: true, force: true }));

  async function run(ci: 'github' | 'azure', manifest: string, inputs: Record<string, string>) {
    const file = join(pkg, ci === 'github' ? 'action.yml' : 'task.json');
    await writeFile(file, manifest);
    const out = await mkdtemp(join(tmpdir(), 'harness-out-'));
    const result = await runStep(ci, join(pkg, 'dist', `${ci}.cjs`), { inputs, env: { OUT: out }, dir: out });
    const seen = async (step: string) =>
      JSON.parse(await readFile(join(out, `${step}.json`), 'utf8').catch(() => 'null')) as {
        inputs: Record<string, string>;
        cwd: string;
      } | null;
    return { result, main: await seen('main'), post: await seen('post'), out };
  }

  it('GitHub: defaults incl. the github.token expression and empty ones, and post-if decides the post step', async () => {
    const action = (postIf: string) =>
      [
        'name: t',
        'description: t',
        'inputs:',
        '  token:',
        '    description: t',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub expression, not a template
        '    default: ${{ github.token }}',
        '  fail:',
        '    description: t',
        '    default: "no"',
        '  no-default:',
        '    description: t',
        'runs:',
        '  using: node20',
        '  main: dist/github.cjs',
        '  post: dist/github.cjs',
        `  post-if: ${postIf}`,
      ].join('\n');
    const ok = await run('github', action('success()'), {});
    expect(ok.main?.inputs).toEqual({
      INPUT_TOKEN: GITHUB_EXPRESSION_VALUES['github.token'],
      INPUT_FAIL: 'no',
      'INPUT_NO-DEFAULT': '',
    });
    expect(ok.main?.cwd).toBe(ok.out);
    expect(ok.post).not.toBeNull();
    const failedSuccess = await run('github', action('success()'), { fail: 'yes' });
    expect(failedSuccess.result.main.exitCode).toBe(1);
    expect(failedSuccess.post).toBeNull();
    const failedAlways = await run('github', action('always()'), { fail: 'yes' });
    expect(failedAlways.post).not.toBeNull();
  });

  it('Azure: defaults trimmed, file paths rooted, cwd the default working directory, post-job only after success', async () => {
    const task = JSON.stringify({
      name: 'T',
      inputs: [
        { name: 'fail', type: 'string', defaultValue: ' no ' },
        { name: 'file', type: 'filePath' },
        { name: 'plain', type: 'string' },
      ],
      execution: { Node20_1: { target: 'dist/azure.cjs' } },
      postjobexecution: { Node20_1: { target: 'dist/azure.cjs' } },
    });
    const ok = await run('azure', task, {});
    expect(ok.main?.inputs).toEqual({ INPUT_FAIL: 'no', INPUT_FILE: ok.out, INPUT_PLAIN: '' });
    expect(ok.main?.cwd).toBe(ok.out);
    expect(ok.post).not.toBeNull();
    const failed = await run('azure', task, { fail: 'yes' });
    expect(failed.post).toBeNull();
  });
});
