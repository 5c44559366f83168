/**
 * Docs that cannot drift silently: where a doc states a count, a default or a name that the code or a
 * manifest defines, it is compared here with its source.
 * - task counts ("the five tasks") with the extension's task contributions; step counts ("the three
 *   steps") with the packages that are a GitHub Action;
 * - the service connection type (`AwsCiKit`) with vss-extension.json and every task's `awsConnection`;
 * - every default a package README's input table states with action.yml / task.json;
 * - the step deadlines in docs/reliability.md and docs/migration.md with the manifests' defaults;
 * - the role session name default in every manifest and doc with the adapters' rules.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { azurePipelinesRules } from '@aws-ci-kit/azdo-adapter/rules';
import { githubRules } from '@aws-ci-kit/gha-adapter/rules';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { ciProfile } from '../../packages/generic-adapter/src/ci-profiles.ts';
import { genericRules } from '../../packages/generic-adapter/src/generic-rules.ts';

const root = join(import.meta.dirname, '..', '..');
const read = (...path: string[]) => readFileSync(join(root, ...path), 'utf8');
const PACKAGES = readdirSync(join(root, 'packages'), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);

interface TaskInput {
  name: string;
  type: string;
  defaultValue?: string;
  helpMarkDown?: string;
}
interface ActionInput {
  description?: string;
  default?: unknown;
}
const task = (pkg: string): { name: string; inputs: TaskInput[] } =>
  JSON.parse(read('packages', pkg, 'task.json'));
const action = (pkg: string): { inputs: Record<string, ActionInput> } =>
  parseYaml(read('packages', pkg, 'action.yml'));
const TASKS = PACKAGES.filter((pkg) => existsSync(join(root, 'packages', pkg, 'task.json')));
const ACTIONS = PACKAGES.filter((pkg) => existsSync(join(root, 'packages', pkg, 'action.yml')));

/** The prose every user reads: the root README, docs/, each package README, the Marketplace page. */
const DOCS = [
  'README.md',
  'CONTRIBUTING.md',
  ...readdirSync(join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
  ...PACKAGES.filter((pkg) => existsSync(join(root, 'packages', pkg, 'README.md'))).map(
    (pkg) => `packages/${pkg}/README.md`,
  ),
  'packages/azdo-adapter/marketplace/overview.md',
];

const NUMBERS: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
};

/** Every "<count> <noun>" a doc states, e.g. "five Azure Pipelines tasks", "3 steps". */
function statedCounts(noun: RegExp): Array<{ doc: string; text: string; count: number }> {
  const out: Array<{ doc: string; text: string; count: number }> = [];
  const pattern = new RegExp(
    `\\b(${Object.keys(NUMBERS).join('|')}|\\d+) (?:Azure Pipelines |aws-ci-kit )?${noun.source}\\b`,
    'gi',
  );
  for (const doc of DOCS) {
    for (const match of read(doc).replace(/\s+/g, ' ').matchAll(pattern)) {
      const word = (match[1] ?? '').toLowerCase();
      out.push({ doc, text: match[0], count: NUMBERS[word] ?? Number(word) });
    }
  }
  return out;
}

describe('counts', () => {
  const extension = JSON.parse(read('packages/azdo-adapter/vss-extension.json')) as {
    contributions: Array<{ type: string; properties: { name: string } }>;
  };
  const taskContributions = extension.contributions.filter((c) => c.type === 'ms.vss-distributed-task.task');

  it('every "<n> tasks" is the number of tasks the extension ships (and of task.json files)', () => {
    expect(taskContributions).toHaveLength(TASKS.length);
    const stated = statedCounts(/tasks/);
    expect(stated.length).toBeGreaterThan(0);
    for (const { doc, text, count } of stated) expect(count, `${doc}: "${text}"`).toBe(TASKS.length);
  });

  it('docs/azure-extension.md names every task of the extension', () => {
    const doc = read('docs/azure-extension.md');
    for (const pkg of TASKS) expect(doc, `${task(pkg).name} missing`).toContain(`\`${task(pkg).name}\``);
  });

  it('every "<n> steps" is the number of capabilities that are a GitHub Action', () => {
    for (const { doc, text, count } of statedCounts(/steps/))
      expect(count, `${doc}: "${text}"`).toBe(ACTIONS.length);
  });
});

describe('the service connection type', () => {
  const extension = JSON.parse(read('packages/azdo-adapter/vss-extension.json')) as {
    contributions: Array<{ type: string; properties: { name: string } }>;
  };
  const type = extension.contributions.find((c) => c.type === 'ms.vss-endpoint.service-endpoint-type')
    ?.properties.name as string;

  it('every task takes it in awsConnection', () => {
    expect(type).toBe('AwsCiKit');
    for (const pkg of TASKS) {
      const input = task(pkg).inputs.find((i) => i.name === 'awsConnection');
      expect(input?.type, `${pkg}/task.json awsConnection`).toBe(`connectedService:${type}`);
    }
  });

  it('every doc that names "the `X` service connection type" or "connection type is `X`" names ours', () => {
    const pattern = /`(\w+)` service connection type|connection type (?:is )?`(\w+)`/g;
    let seen = 0;
    for (const doc of DOCS) {
      for (const match of read(doc).replace(/\s+/g, ' ').matchAll(pattern)) {
        seen += 1;
        expect(match[1] ?? match[2], `${doc}: "${match[0]}"`).toBe(type);
      }
    }
    expect(seen).toBeGreaterThan(0);
  });
});

/** A stated default value: `in backticks`, or a bare word / number (dots inside, not at the end). */
const VALUE = String.raw`(?:\`([^\`]+)\`|([\w:/-]+(?:\.[\w:/-]+)*))`;

/** The defaults a README table row states: "default 3600", "(default `sts.amazonaws.com`)", "`gzip` (default)". */
function statedDefaults(meaning: string): string[] {
  const out: string[] = [];
  for (const m of meaning.matchAll(new RegExp(String.raw`\bdefault:? ${VALUE}`, 'gi')))
    out.push((m[1] ?? m[2]) as string);
  for (const m of meaning.matchAll(/`([\w.:/-]+)` \(default\)/gi)) out.push(m[1] as string);
  return out;
}

/**
 * "`name` (default X" and "`name` (…, default X" in a README's prose, and in a paragraph that starts
 * "Inputs:" the "`name` (`X`)" of its list.
 */
function proseDefaults(text: string): Array<{ name: string; value: string }> {
  const pattern = new RegExp(String.raw`\`([a-zA-Z][\w-]*)\` \((?:[^()\`]*?, )?default:? ${VALUE}`, 'g');
  const found = [...text.replace(/\s+/g, ' ').matchAll(pattern)].map((m) => ({
    name: m[1] as string,
    value: (m[2] ?? m[3]) as string,
  }));
  for (const paragraph of text.split(/\n\s*\n/).filter((p) => p.startsWith('Inputs:'))) {
    for (const m of paragraph.replace(/\s+/g, ' ').matchAll(/`([a-z][\w-]*)` \(`([^`]+)`\)/g))
      found.push({ name: m[1] as string, value: m[2] as string });
  }
  return found;
}

/** `| \`github-name\`, … | \`azureName\`, … | meaning |` rows of a package README. */
function inputRows(pkg: string): Array<{ github: string[]; azure: string[]; meaning: string }> {
  const readme = join(root, 'packages', pkg, 'README.md');
  if (!existsSync(readme)) return [];
  const names = (cell: string) => [...cell.matchAll(/`([\w.-]+)`/g)].map((m) => m[1] as string);
  return readFileSync(readme, 'utf8')
    .split('\n')
    .filter((line) => /^\| `[\w-]+`/.test(line))
    .map((line) => line.split('|').map((cell) => cell.trim()))
    .map(([, github = '', azure = '', meaning = '']) => ({
      github: names(github),
      azure: names(azure),
      meaning,
    }));
}

describe('defaults stated in the package READMEs', () => {
  let compared = 0;
  /** A declared default (action.yml `default`, task.json `defaultValue`) must be the stated one. */
  const check = (where: string, declared: unknown, stated: string) => {
    if (declared === undefined || declared === '') return;
    compared += 1;
    expect(String(declared).toLowerCase(), where).toBe(stated.toLowerCase());
  };

  for (const pkg of ACTIONS) {
    it(`${pkg}: a default the README states is the one action.yml / task.json declare`, () => {
      const gh = action(pkg).inputs;
      const az = new Map(task(pkg).inputs.map((i) => [i.name, i]));
      for (const row of inputRows(pkg)) {
        const stated = statedDefaults(row.meaning);
        if (stated.length !== 1 || row.github.length !== 1) continue;
        check(
          `${pkg} README table: ${row.github[0]}`,
          gh[row.github[0] as string]?.default,
          stated[0] as string,
        );
        if (row.azure.length === 1)
          check(
            `${pkg} README table: ${row.azure[0]}`,
            az.get(row.azure[0] as string)?.defaultValue,
            stated[0] as string,
          );
      }
      // Prose names the GitHub input where one has the name (`recursive` is both, with other defaults).
      for (const { name, value } of proseDefaults(read('packages', pkg, 'README.md'))) {
        if (name in gh) check(`${pkg} README: ${name}`, gh[name]?.default, value);
        else check(`${pkg} README: ${name}`, az.get(name)?.defaultValue, value);
      }
    });
  }

  it('the READMEs state defaults that were compared', () => {
    expect(compared).toBeGreaterThan(5);
  });
});

describe('step deadlines', () => {
  const DEADLINES = [
    { step: 'credentials', pkg: 'aws-credentials', github: 'action-timeout-s', azure: 'actionTimeoutS' },
    { step: 'SSM parameters', pkg: 'ssm-secret', github: 'timeout-seconds', azure: 'timeoutSeconds' },
    { step: 'ECR login and push', pkg: 'ecr-push', github: 'timeout-seconds', azure: 'timeoutSeconds' },
  ];
  const declared = (d: (typeof DEADLINES)[number]) => {
    const gh = String(action(d.pkg).inputs[d.github]?.default);
    const az = task(d.pkg).inputs.find((i) => i.name === d.azure)?.defaultValue;
    expect(az, `${d.pkg}: task.json and action.yml disagree on the deadline`).toBe(gh);
    return gh;
  };

  it('docs/reliability.md states each step deadline as the manifests declare it', () => {
    const doc = read('docs/reliability.md');
    for (const d of DEADLINES) {
      const row = doc.split('\n').find((line) => line.startsWith(`| ${d.step} | \`${d.github}\``));
      expect(row, `no deadline row for ${d.step}`).toBeDefined();
      expect(row, d.step).toContain(`| ${declared(d)} s |`);
    }
  });

  it('docs/migration.md states them alike and never calls one of them the deadline of every step', () => {
    const doc = read('docs/migration.md').replace(/\s+/g, ' ');
    expect(doc).not.toMatch(/the deadline every aws-ci-kit step has/);
    const [credentials, ssm, ecr] = DEADLINES.map(declared);
    expect(doc).toContain(
      `${credentials} s for credentials (\`action-timeout-s\`) and SSM (\`timeout-seconds\`), ${ecr} s for ECR login and push (\`timeout-seconds\`)`,
    );
    expect(ssm).toBe(credentials);
    expect(doc).toContain(`| **${credentials}** (none there) |`);
  });
});

describe('the role session name default', () => {
  const githubDefault = githubRules({}).roleSessionName as string;
  const azure = `${azurePipelinesRules(() => undefined).sessionPrefix}-<repo>-<build id>-<attempt>`;
  const cli = `${genericRules(ciProfile(undefined), {}).sessionPrefix}-<repo>-<run>-<attempt>`;
  const toolkit = 'aws-vsts-tools';

  it("the adapters define what the docs say (GitHub: configure-aws-credentials' fixed name)", () => {
    expect(githubDefault).toBe('GitHubActions');
  });

  it('every action.yml and task.json that takes role-session-name words its default one way', () => {
    for (const pkg of ACTIONS) {
      const description = action(pkg).inputs['role-session-name']?.description;
      expect(description, `${pkg}/action.yml`).toBe(
        `Role session name (default \`${githubDefault}\`, as configure-aws-credentials).`,
      );
      const help = task(pkg).inputs.find((i) => i.name === 'roleSessionName')?.helpMarkDown;
      expect(help, `${pkg}/task.json`).toBe(
        `Role session name (default \`${azure}\`; for the role of a service connection \`${toolkit}\`, as the AWS Toolkit).`,
      );
    }
  });

  it('the docs that state it state the same names', () => {
    for (const doc of ['docs/migration.md', 'packages/aws-credentials/README.md']) {
      const text = read(doc).replace(/\s+/g, ' ');
      expect(text, doc).toContain(`\`${githubDefault}\``);
      expect(text, doc).toContain(`\`${azure}\``);
      expect(text, doc).toContain(`\`${cli}\``);
      // The shapes used before: a GitHub name built from the run, or `<run>` for Azure's build id.
      expect(text, doc).not.toMatch(/GitHubActions-<repo>|AzurePipelines-<repo>-<run>/);
    }
    expect(read('docs/migration.md')).toContain(`**\`${toolkit}\`**`);
  });
});

describe('ecr-push mask-password', () => {
  it('both manifests say that false is refused, with the code docs/errors.md lists', () => {
    const code = 'UnmaskedPasswordRefused';
    expect(read('docs/errors.md')).toContain(`| \`${code}\` |`);
    expect(action('ecr-push').inputs['mask-password']?.description).toMatch(
      new RegExp(`false is refused \\(${code}\\)`),
    );
    expect(task('ecr-push').inputs.find((i) => i.name === 'maskPassword')?.helpMarkDown).toMatch(
      new RegExp(`false is refused \\(${code}\\)`),
    );
    expect(action('ecr-push').inputs['mask-password']?.description).not.toMatch(
      /sets the (credential )?outputs/,
    );
  });
});
