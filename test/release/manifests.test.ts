/**
 * Every manifest a user's CI reads, checked with the official validators:
 * - each packages/*\/task.json against Azure Pipelines' tasks.schema.json (draft-04, from
 *   microsoft/azure-pipelines-task-lib), friendlyName <= 40 characters, an icon.png beside it;
 * - each packages/*\/action.yml against SchemaStore's github-action.json and GitHub's own parser
 *   (@actions/workflow-parser's parseAction);
 * - each .github/workflows/*.yml with GitHub's workflow parser, and what ci.yml and release.yml must do;
 * - azure-pipelines.yml (the dogfood pipeline) and the Marketplace overview's YAML: every task they name
 *   is one of this repository's tasks at its major version, with inputs the task.json declares.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser';
import { parseAction } from '@actions/workflow-parser/actions/action-parser';
import { Ajv } from 'ajv';
import ajvDraft04 from 'ajv-draft-04';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';

const root = join(import.meta.dirname, '..', '..');
const schemas = join(import.meta.dirname, 'schemas');
const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8'));
const packages = readdirSync(join(root, 'packages'), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => join(root, 'packages', d.name));
const taskDirs = packages.filter((dir) => existsSync(join(dir, 'task.json')));
const actionDirs = packages.filter((dir) => existsSync(join(dir, 'action.yml')));
const workflowsDir = join(root, '.github', 'workflows');
const workflows = readdirSync(workflowsDir).filter((f) => /\.ya?ml$/.test(f));

interface TaskJson {
  name: string;
  friendlyName: string;
  version: { Major: number };
  inputs: Array<{ name: string; aliases?: string[] }>;
}

// ajv-draft-04 is CommonJS (`module.exports = Ajv; exports.default = Ajv`): its class is `.default` under NodeNext.
const Ajv04 = ajvDraft04.default;
const taskSchema = new Ajv04({ unicodeRegExp: false, allErrors: true, strict: false }).compile(
  readJson(join(schemas, 'tasks.schema.json')),
);
const actionSchema = new Ajv({ allErrors: true, strict: false }).compile(
  readJson(join(schemas, 'github-action.json')),
);
const githubErrors = (parse: typeof parseWorkflow, name: string, content: string) =>
  parse({ name, content }, new NoOperationTraceWriter())
    .context.errors.getErrors()
    .map((e) => e.message);

it('finds the three tasks, actions and both workflows', () => {
  expect(taskDirs.length).toBeGreaterThanOrEqual(3);
  expect(actionDirs.length).toBeGreaterThanOrEqual(3);
  expect(workflows).toEqual(expect.arrayContaining(['ci.yml', 'release.yml']));
});

describe.each(taskDirs.map((dir) => [dir.slice(root.length + 1), dir]))('%s/task.json', (_, dir) => {
  const task = readJson(join(dir, 'task.json'));
  it('is valid against the official Azure Pipelines task schema', () => {
    taskSchema(task);
    expect(taskSchema.errors ?? []).toEqual([]);
  });
  it('has a friendlyName tfx accepts and an icon', () => {
    expect(task.friendlyName.length).toBeLessThanOrEqual(40);
    expect(readFileSync(join(dir, 'icon.png')).subarray(1, 4).toString()).toBe('PNG');
  });
});

it('the task schema rejects what the Azure DevOps service rejects (the check can fail)', () => {
  const task = readJson(join(taskDirs[0]!, 'task.json'));
  const { outputVariables, ...rest } = task;
  expect(taskSchema({ ...rest, OutputVariables: outputVariables ?? [] })).toBe(false);
  expect(taskSchema({ ...task, version: { Major: 0, Minor: 1 } })).toBe(false);
});

describe.each(actionDirs.map((dir) => [dir.slice(root.length + 1), dir]))('%s/action.yml', (_, dir) => {
  const content = readFileSync(join(dir, 'action.yml'), 'utf8');
  it('is valid against SchemaStore’s GitHub action schema', () => {
    actionSchema(parseYaml(content));
    expect(actionSchema.errors ?? []).toEqual([]);
  });
  it('is accepted by GitHub’s own action parser', () => {
    expect(githubErrors(parseAction, 'action.yml', content)).toEqual([]);
  });
});

it('the action checks can fail', () => {
  const action = parseYaml(readFileSync(join(actionDirs[0]!, 'action.yml'), 'utf8'));
  expect(actionSchema({ ...action, runs: { using: 'node99', main: 'x.js' } })).toBe(false);
  expect(githubErrors(parseAction, 'action.yml', 'name: x\nruns:\n  using: node24\n')).not.toEqual([]);
});

describe.each(workflows)('.github/workflows/%s', (file) => {
  it('is accepted by GitHub’s workflow parser', () => {
    expect(githubErrors(parseWorkflow, file, readFileSync(join(workflowsDir, file), 'utf8'))).toEqual([]);
  });
});

it('the workflow parser reports a broken workflow (the check can fail)', () => {
  const broken = 'on: push\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    stepz:\n      - run: echo\n';
  expect(githubErrors(parseWorkflow, 'broken.yml', broken)).not.toEqual([]);
});

type Step = { uses?: string; run?: string; with?: Record<string, string> };
const stepsOf = (file: string): Step[] => {
  const workflow = parseYaml(readFileSync(join(workflowsDir, file), 'utf8')) as {
    jobs: Record<string, { steps: Step[] }>;
  };
  return Object.values(workflow.jobs).flatMap((job) => job.steps);
};

it('ci.yml runs what the README and .ci/run run, on pushes to main and pull requests', () => {
  const ci = parseYaml(readFileSync(join(workflowsDir, 'ci.yml'), 'utf8'));
  expect(Object.keys(ci.on)).toEqual(expect.arrayContaining(['push', 'pull_request']));
  expect(stepsOf('ci.yml').map((s) => s.run)).toContain('bash .ci/run');
  expect(readFileSync(join(root, '.ci', 'run'), 'utf8')).toMatch(
    /scripts\/setup-machine\.sh[\s\S]*pnpm test/,
  );
});

it('release.yml, on a version tag: checks the version and dist, tests, builds the .vsix, releases it, moves the major tag', () => {
  const release = parseYaml(readFileSync(join(workflowsDir, 'release.yml'), 'utf8'));
  expect(release.on.push.tags).toEqual(['v[0-9]+.[0-9]+.[0-9]+']);
  const steps = stepsOf('release.yml');
  const runs = steps.map((s) => s.run ?? '').join('\n');
  const order = [
    'node scripts/version.mjs --check "$GITHUB_REF_NAME"',
    'bash .ci/run',
    "git status --porcelain --untracked-files=all -- ':(glob)packages/*/dist/**'",
    'pnpm --filter @aws-ci-kit/azdo-adapter vsix',
    'node scripts/version.mjs --notes "$GITHUB_REF_NAME"',
    'git push --force origin "refs/tags/$major"',
  ].map((command) => runs.indexOf(command));
  expect(order.every((i) => i >= 0)).toBe(true);
  expect([...order].sort((a, b) => a - b)).toEqual(order);
  const ghRelease = steps.find((s) => s.uses?.startsWith('softprops/action-gh-release@'));
  expect(ghRelease?.with?.files?.split('\n').filter(Boolean)).toEqual([
    'out/*.vsix',
    'out/channels/release-assets/*',
  ]);
  // The vsix script the workflow calls exists, and the major tag is the part before the first dot.
  expect(readJson(join(root, 'packages', 'azdo-adapter', 'package.json')).scripts.vsix).toBeTruthy();
  expect(runs).toContain(`major="\${GITHUB_REF_NAME%%.*}"`);
});

describe('Azure Pipelines YAML names real tasks with real inputs', () => {
  const tasks = new Map<string, TaskJson>(
    taskDirs.map((dir) => {
      const task = readJson(join(dir, 'task.json')) as TaskJson;
      return [task.name, task];
    }),
  );
  type AzureStep = { task?: string; inputs?: Record<string, unknown> };
  const check = (steps: AzureStep[]) => {
    const used = steps.filter((s) => s.task);
    for (const step of used) {
      const [name, major] = step.task!.split('@');
      const task = tasks.get(name!);
      expect(task, `${step.task} is not a task of this repository`).toBeDefined();
      expect(Number(major)).toBe(task!.version.Major);
      const known = new Set(task!.inputs.flatMap((i) => [i.name, ...(i.aliases ?? [])]));
      for (const input of Object.keys(step.inputs ?? {}))
        expect(known, `${name}: input ${input}`).toContain(input);
    }
    return used.map((s) => s.task!.split('@')[0]);
  };

  it('azure-pipelines.yml (the dogfood pipeline) runs all three tasks', () => {
    const pipeline = parseYaml(readFileSync(join(root, 'azure-pipelines.yml'), 'utf8')) as {
      steps: AzureStep[];
    };
    expect(new Set(check(pipeline.steps))).toEqual(new Set(tasks.keys()));
  });

  it('the README’s Azure Pipelines examples', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const blocks = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)]
      .map((m) => parseYaml(m[1]!) as { steps?: AzureStep[] } | AzureStep[])
      .map((b) => (Array.isArray(b) ? b : (b.steps ?? [])))
      .filter((steps) => steps.some((s) => s.task));
    expect(new Set(blocks.flatMap((steps) => check(steps)))).toEqual(new Set(tasks.keys()));
  });

  it('the Marketplace overview’s examples', () => {
    const overview = readFileSync(
      join(root, 'packages', 'azdo-adapter', 'marketplace', 'overview.md'),
      'utf8',
    );
    const blocks = [...overview.matchAll(/```yaml\n([\s\S]*?)```/g)].map(
      (m) => parseYaml(m[1]!) as { steps: AzureStep[] },
    );
    expect(new Set(blocks.flatMap((b) => check(b.steps)))).toEqual(new Set(tasks.keys()));
  });
});

it('the Marketplace overview has no link that breaks on the Marketplace (only absolute https links)', () => {
  const overview = readFileSync(join(root, 'packages', 'azdo-adapter', 'marketplace', 'overview.md'), 'utf8');
  const links = [...overview.matchAll(/\]\(([^)]+)\)|<img[^>]*src="([^"]+)"/g)].map((m) => m[1] ?? m[2]);
  expect(links.length).toBeGreaterThan(0);
  for (const link of links) expect(link).toMatch(/^https:\/\//);
});

it('the README’s GitHub examples use this repository’s actions, at the major tag, with their inputs', () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const steps = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)]
    .map((m) => parseYaml(m[1]!) as { steps?: Step[] } | Step[])
    .flatMap((b) => (Array.isArray(b) ? b : (b.steps ?? [])))
    .filter((s) => s.uses?.startsWith('aws-ci-kit/aws-ci-kit/'));
  const used = new Set<string>();
  for (const step of steps) {
    const [path, ref] = step.uses!.replace('aws-ci-kit/aws-ci-kit/', '').split('@');
    expect(ref).toBe(`v${readJson(join(root, 'package.json')).version.split('.')[0]}`);
    const action = parseYaml(readFileSync(join(root, path!, 'action.yml'), 'utf8')) as {
      inputs: Record<string, unknown>;
    };
    for (const input of Object.keys(step.with ?? {}))
      expect(Object.keys(action.inputs), `${path}: ${input}`).toContain(input);
    used.add(path!);
  }
  expect(used).toEqual(new Set(actionDirs.map((dir) => dir.slice(root.length + 1))));
});
