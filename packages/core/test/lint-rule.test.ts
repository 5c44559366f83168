import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';

// Child processes: generous limits for a loaded machine.
vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 });

/**
 * The dependency rule is enforced by biome: the repository's own biome.json is copied into a scratch
 * tree with the same layout, and biome lints probe files there (nothing is written into the repo).
 */
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const BIOME = join(ROOT, 'node_modules', '.bin', 'biome');
const scratch = mkdtempSync(join(tmpdir(), 'core-lint-'));
copyFileSync(join(ROOT, 'biome.json'), join(scratch, 'biome.json'));

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function lint(path: string, source: string) {
  const file = join(scratch, path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, source);
  const result = spawnSync(BIOME, ['lint', `--config-path=${scratch}`, '--colors=off', path], {
    cwd: scratch,
    encoding: 'utf8',
  });
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('core may not import a CI library or touch the process', () => {
  it.each([
    ['@actions/core', "import * as core from '@actions/core';\nexport const x = core.getInput('a');\n"],
    ['@actions/exec', "import { exec } from '@actions/exec';\nexport const x = exec;\n"],
    ['azure-pipelines-task-lib', "import * as tl from 'azure-pipelines-task-lib';\nexport const x = tl;\n"],
    [
      '@aws-ci-kit/gha-adapter',
      "import { runOnGithub } from '@aws-ci-kit/gha-adapter';\nexport const x = runOnGithub;\n",
    ],
  ])('importing %s fails with the restricted-import diagnostic', (name, source) => {
    const result = lint(`packages/core/src/probe-${name.replace(/\W/g, '')}.ts`, source);
    expect(result.code).not.toBe(0);
    expect(result.output).toContain('lint/style/noRestrictedImports');
    expect(result.output).toContain(name);
  });

  it('process.env and console are refused in core', () => {
    const env = lint('packages/core/src/probe-env.ts', 'export const x = process.env.HOME;\n');
    expect(env.code).not.toBe(0);
    expect(env.output).toContain('noProcessEnv');
    const log = lint('packages/core/src/probe-console.ts', "export const f = () => console.log('x');\n");
    expect(log.code).not.toBe(0);
    expect(log.output).toContain('noConsole');
  });

  it('a clean core file passes, and adapters may import their CI library', () => {
    expect(
      lint(
        'packages/core/src/clean.ts',
        "import { join } from 'node:path';\nexport const x = join('a', 'b');\n",
      ).code,
    ).toBe(0);
    const adapter = lint(
      'packages/gha-adapter/src/probe.ts',
      "import * as core from '@actions/core';\nexport const x = core.getInput('a');\n",
    );
    expect(adapter.code).toBe(0);
  });
});

describe('a capability step may not import a CI library or an adapter, nor core a capability', () => {
  it.each([
    ['@actions/core', "import * as core from '@actions/core';\nexport const x = core.getInput('a');\n"],
    [
      '@aws-ci-kit/azdo-adapter',
      "import { runOnAzure } from '@aws-ci-kit/azdo-adapter';\nexport const x = runOnAzure;\n",
    ],
  ])('a step importing %s fails', (name, source) => {
    const result = lint(`packages/ssm-secret/src/probe-${name.replace(/\W/g, '')}.ts`, source);
    expect(result.code).not.toBe(0);
    expect(result.output).toContain('lint/style/noRestrictedImports');
  });

  it('the entry files may pick an adapter; core may not import a capability', () => {
    const entry = lint(
      'packages/ssm-secret/src/github.ts',
      "import { runOnGithub } from '@aws-ci-kit/gha-adapter';\nexport const x = runOnGithub;\n",
    );
    expect(entry.code).toBe(0);
    const core = lint(
      'packages/core/src/probe-capability.ts',
      "import { ssmSecretStep } from '@aws-ci-kit/ssm-secret';\nexport const x = ssmSecretStep;\n",
    );
    expect(core.code).not.toBe(0);
    expect(core.output).toContain('capability');
  });
});
