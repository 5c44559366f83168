/**
 * Issue 15, item 4: `node scripts/release-layout.mjs <dir>` writes one folder per channel, each what
 * that channel's repository or registry must contain, checked against the channel's own rules:
 * GitHub action.yml against SchemaStore's schema (one action per folder, no workflow), the GitLab
 * catalog's `templates/<name>.yml` with `spec:inputs`, the CircleCI orb kit layout against orb-tools'
 * review rules and packed (emulated `circleci orb pack`), the Buildkite plugin.yml against the plugin
 * linter's schema and its README examples against the plugin's configuration (as the linter does),
 * the Jenkins library's layout, the Bitbucket pipe's files, and the npm package whose bin is one file.
 * The templates run under each CI's shell in shells.test.ts and gitlab.test.ts.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { Ajv } from 'ajv';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { type Layout, ROOT, writeLayout } from './support/channels.ts';
import { type OrbCommand, packOrb, reviewOrb, undeclaredParameters } from './support/orb.ts';

const run = promisify(execFile);
const CHANNEL_DIRS = [
  'github/credentials',
  'github/ecr-push',
  'github/ssm-secret',
  'gitlab',
  'circleci',
  'buildkite',
  'jenkins',
  'bitbucket',
  'npm',
];
const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8'));
const FLAGS = readJson(join(ROOT, 'packages/cli/src/action-flags.generated.json')) as Record<
  string,
  { flags: Array<{ name: string }> }
>;
const inputVariables = (command: string) =>
  new Set(FLAGS[command]!.flags.map((f) => `AWS_CI_KIT_${f.name.toUpperCase().replace(/-/g, '_')}`));

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

let layout: Layout;
beforeAll(async () => {
  layout = await writeLayout();
}, 120_000);
const at = (...path: string[]) => join(layout.dir, ...path);
const text = (...path: string[]) => readFileSync(at(...path), 'utf8');

describe('every channel', () => {
  it('has README.md, LICENSE and its version; no placeholder, no unpinned CLI, no eval of CLI output', () => {
    const license = readFileSync(join(ROOT, 'LICENSE'), 'utf8');
    for (const dir of CHANNEL_DIRS) {
      expect(existsSync(at(dir, 'README.md')), dir).toBe(true);
      expect(text(dir, 'LICENSE')).toBe(license);
      expect(text(dir, 'VERSION')).toBe(`${layout.version}\n`);
    }
    expect(readdirSync(layout.dir).sort()).toEqual(
      ['bitbucket', 'buildkite', 'circleci', 'github', 'gitlab', 'jenkins', 'npm', 'release-assets'].sort(),
    );
    let pins = 0;
    for (const file of walk(layout.dir).filter((f) => !/\/dist\/|release-assets|package\.json$/.test(f))) {
      const body = readFileSync(file, 'utf8');
      const name = relative(layout.dir, file);
      expect(body, name).not.toContain('__VERSION__');
      // No template runs `eval` (a README may warn against it, but no code block of one uses it).
      const code = name.endsWith('.md') ? [...body.matchAll(/```[\s\S]*?```/g)].join('\n') : body;
      expect(code, name).not.toMatch(/\beval\b/);
      // Pinned to this version (`@<version>` where a README shows the pattern, not a release).
      for (const [, pin] of body.matchAll(
        /\b(?:npx|npm (?:install|i|exec))\b[^\n`]*?@aws-ci-kit\/cli(@[\w.-]+|@<version>)?/g,
      )) {
        expect([`@${layout.version}`, '@<version>'], name).toContain(pin);
        pins += 1;
      }
    }
    expect(pins).toBeGreaterThan(10); // every template's default `cli`, every README's install line
  });
});

describe('GitHub: one Marketplace action per repository', () => {
  const schema = new Ajv({ allErrors: true, strict: false }).compile(
    readJson(join(ROOT, 'test/release/schemas/github-action.json')),
  );
  it.each(['credentials', 'ecr-push', 'ssm-secret'])(
    '%s: root action.yml (SchemaStore), branding, its bundle',
    (name) => {
      const action = parse(text('github', name, 'action.yml'));
      expect(schema(action), JSON.stringify(schema.errors)).toBe(true);
      expect(action.branding.icon).toBeTruthy();
      expect(action.branding.color).toBeTruthy();
      for (const entry of [action.runs.main, action.runs.post].filter(Boolean))
        expect(existsSync(at('github', name, entry))).toBe(true);
      expect(existsSync(at('github', name, 'dist/azure.js'))).toBe(false);
      const readme = text('github', name, 'README.md');
      expect(readme).toContain(`uses: aws-ci-kit/aws-ci-kit-${name}@v0`);
      expect(readme).not.toContain('uses: aws-ci-kit/aws-ci-kit/packages/');
      expect(existsSync(at('github', name, '.github'))).toBe(false);
      expect(
        walk(at('github', name)).filter((f) => f.endsWith('action.yml') || f.endsWith('action.yaml')),
      ).toEqual([at('github', name, 'action.yml')]);
    },
  );
});

describe('GitLab: CI/CD catalog project', () => {
  const components = { credentials: 'credentials', 'ecr-push': 'ecr-push', 'ssm-secret': 'ssm-secret' };
  it.each(Object.entries(components))(
    'templates/%s.yml: spec:inputs, then the jobs; every input used is declared',
    (name, command) => {
      const [spec, jobs, ...rest] = parseAllDocuments(text('gitlab/templates', `${name}.yml`)).map((d) =>
        d.toJS(),
      );
      expect(rest).toEqual([]);
      const inputs = spec.spec.inputs as Record<string, { description?: string; default?: string }>;
      for (const required of ['role-to-assume', 'aws-region', 'audience', 'role-external-id', 'cli'])
        expect(Object.keys(inputs), name).toContain(required);
      for (const [key, input] of Object.entries(inputs))
        expect(input.description, `${name}: ${key}`).toBeTruthy();
      const body = JSON.stringify(jobs);
      for (const [, used] of body.matchAll(/\$\[\[\s*inputs\.([\w-]+)\s*\]\]/g))
        expect(Object.keys(inputs), `${name}: inputs.${used}`).toContain(used);
      const known = inputVariables(command);
      for (const job of Object.values(jobs) as Array<Record<string, unknown>>) {
        expect(job.before_script, `${name}: a job's own before_script would replace it`).toBeUndefined();
        expect((job.id_tokens as Record<string, { aud: string }>).GITLAB_OIDC_TOKEN?.aud).toBe(
          '$[[ inputs.audience ]]',
        );
        for (const variable of Object.keys(job.variables as object).filter((v) =>
          v.startsWith('AWS_CI_KIT_'),
        ))
          expect(known.has(variable), `${name}: ${variable}`).toBe(true);
      }
    },
  );
});

describe('CircleCI: orb development kit', () => {
  const src = () => at('circleci/src');
  it('passes the orb-tools review rules that need no network (RC001-RC005, RC008-RC010)', () => {
    expect(reviewOrb(src())).toEqual([]);
  });
  it('packs (emulated circleci orb pack): commands for all three, executor, examples that use them', async () => {
    const orb = packOrb(src());
    expect(Object.keys(orb.commands).sort()).toEqual(['credentials', 'ecr_push', 'ssm_secret']);
    expect(Object.keys(orb.executors)).toEqual(['default']);
    expect(orb.display?.source_url).toMatch(/^https:\/\//);
    for (const [name, command] of Object.entries(orb.commands)) {
      expect(undeclaredParameters(command.steps, command.parameters ?? {}), name).toEqual([]);
      for (const param of Object.values(command.parameters ?? {}))
        expect(['string', 'boolean', 'integer', 'enum', 'env_var_name', 'steps', 'executor']).toContain(
          param.type,
        );
      const script = (command.steps[0] as { run: { command: string } }).run.command;
      expect(script).toMatch(/^#!\/bin\/bash/); // the include was inlined
      await run('bash', ['-n', '-c', script]);
    }
    for (const [name, example] of Object.entries(orb.examples)) {
      const usage = example.usage as {
        orbs: Record<string, string>;
        jobs: Record<string, { steps: unknown[] }>;
      };
      expect(usage.orbs['aws-ci-kit'], name).toBe(`aws-ci-kit/aws-ci-kit@${layout.version}`);
      for (const job of Object.values(usage.jobs)) {
        for (const step of job.steps) {
          if (typeof step !== 'object' || step === null) continue;
          const [key, given] = Object.entries(step)[0]!;
          if (!key.startsWith('aws-ci-kit/')) continue;
          const command = orb.commands[key.slice('aws-ci-kit/'.length)] as OrbCommand;
          expect(command, `${name}: ${key}`).toBeTruthy();
          const declared = command.parameters ?? {};
          for (const param of Object.keys(given as object)) expect(Object.keys(declared)).toContain(param);
          for (const [param, spec] of Object.entries(declared))
            if (spec.default === undefined)
              expect(Object.keys(given as object), `${name}: ${param}`).toContain(param);
        }
      }
    }
  });
});

describe('Buildkite: the aws-ci-kit-buildkite-plugin repository', () => {
  it('plugin.yml passes the plugin linter schema; README examples pass its configuration', () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    const linter = ajv.compile(
      readJson(join(import.meta.dirname, 'schemas/buildkite-plugin-yaml.schema.json')),
    );
    const plugin = parse(text('buildkite/plugin.yml'));
    expect(linter(plugin), JSON.stringify(linter.errors)).toBe(true);
    const configuration = ajv.compile(plugin.configuration);
    const examples = [...text('buildkite/README.md').matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) =>
      parse(m[1]!),
    );
    expect(examples.length).toBeGreaterThan(0);
    for (const example of examples) {
      for (const step of example.steps) {
        for (const entry of step.plugins) {
          const [id, settings] = Object.entries(entry)[0]!;
          expect(id).toBe(`aws-ci-kit/aws-ci-kit#v${layout.version}`);
          expect(configuration(settings), JSON.stringify(configuration.errors)).toBe(true);
        }
      }
    }
    expect(configuration({ 'role-to-assume': 'x', 'no-such-setting': 1 })).toBe(false);
  });
  it('hooks are executable bash and read every setting of plugin.yml', async () => {
    const plugin = parse(text('buildkite/plugin.yml'));
    const hooks = readdirSync(at('buildkite/hooks'));
    expect(hooks.sort()).toEqual(['post-command', 'pre-command', 'pre-exit']);
    let all = '';
    for (const hook of hooks) {
      expect(statSync(at('buildkite/hooks', hook)).mode & 0o111).toBeTruthy();
      await run('bash', ['-n', at('buildkite/hooks', hook)]);
      all += text('buildkite/hooks', hook);
    }
    for (const key of Object.keys(plugin.configuration.properties)) {
      const name = `BUILDKITE_PLUGIN_AWS_CI_KIT_${key.toUpperCase().replace(/-/g, '_')}`;
      const option = new RegExp(`\\b${key}\\b`); // read through the option loop of pre-command
      expect(all.includes(name) || option.test(all), key).toBe(true);
    }
  });
});

describe('Jenkins: shared library', () => {
  it('vars/awsCiKit.groovy with its help, the resources it loads, valid sh', async () => {
    const groovy = text('jenkins/vars/awsCiKit.groovy');
    expect(groovy).toMatch(/^def call\(Map config = \[:\], Closure body\) \{$/m);
    expect(existsSync(at('jenkins/vars/awsCiKit.txt'))).toBe(true);
    const resources = [...groovy.matchAll(/libraryResource\('([^']+)'\)/g)].map((m) => m[1]!);
    expect(resources.length).toBeGreaterThanOrEqual(2);
    for (const resource of resources) await run('sh', ['-n', at('jenkins/resources', resource)]);
  });
});

describe('Bitbucket: pipe', () => {
  it('pipe.yml names the image of this version; the Dockerfile runs pipe.sh; pipe.sh reads every variable', async () => {
    const pipe = parse(text('bitbucket/pipe.yml'));
    for (const key of ['name', 'image', 'category', 'description', 'repository', 'maintainer'])
      expect(pipe[key], key).toBeTruthy();
    expect(pipe.image).toMatch(new RegExp(`:${layout.version.replace(/\./g, '\\.')}$`));
    expect(text('bitbucket/Dockerfile')).toMatch(/^ENTRYPOINT \["\/pipe\.sh"\]$/m);
    expect(statSync(at('bitbucket/pipe.sh')).mode & 0o111).toBeTruthy();
    await run('bash', ['-n', at('bitbucket/pipe.sh')]);
    const script = text('bitbucket/pipe.sh');
    for (const variable of pipe.variables as Array<{ name: string }>)
      expect(script, variable.name).toContain(`\${${variable.name}`);
  });
});

describe('npm: @aws-ci-kit/cli with a one-file bin', () => {
  it('packs to the bin, its notice, README, LICENSE; the bin imports no file of its own', async () => {
    const pkg = at('npm');
    const manifest = readJson(join(pkg, 'package.json'));
    expect(manifest.version).toBe(layout.version);
    expect(manifest.bin).toEqual({ 'aws-ci-kit': 'dist/cli.js' });
    expect(manifest.dependencies).toBeUndefined();
    expect(manifest.private).toBeUndefined();
    expect(readdirSync(join(pkg, 'dist')).sort()).toEqual(['THIRD_PARTY_NOTICES.md', 'cli.js']);
    const bundle = readFileSync(join(pkg, 'dist/cli.js'), 'utf8');
    expect(bundle).not.toMatch(/(from|import\()\s*["']\.{1,2}\//);
    const out = mkdtempSync(join(tmpdir(), 'akit-npm-pack-'));
    const cache = mkdtempSync(join(tmpdir(), 'akit-npm-cache-'));
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: out, npm_config_cache: cache };
    const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', out], { cwd: pkg, env });
    const [packed] = JSON.parse(stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
    expect(packed!.files.map((f) => f.path).sort()).toEqual(
      ['LICENSE', 'README.md', 'dist/THIRD_PARTY_NOTICES.md', 'dist/cli.js', 'package.json'].sort(),
    );
    const version = await run(
      'npm',
      [
        'exec',
        '--offline',
        '--yes',
        `--package=${join(out, packed!.filename)}`,
        '--',
        'aws-ci-kit',
        '--version',
      ],
      { cwd: out, env, timeout: 120_000 },
    );
    expect(version.stdout).toBe(`${layout.version}\n`);
  }, 180_000);

  it('the release asset is the same file, with its sha256', async () => {
    const asset = `aws-ci-kit-${layout.version}.mjs`;
    expect(readFileSync(at('release-assets', asset)).equals(readFileSync(at('npm/dist/cli.js')))).toBe(true);
    await run('sha256sum', ['-c', `${asset}.sha256`], { cwd: at('release-assets') });
    const help = await run(process.execPath, [at('release-assets', asset), 'exec', '--help']);
    expect(help.stdout).toContain('aws-ci-kit exec');
  });
});
