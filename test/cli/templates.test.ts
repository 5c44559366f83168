/** The copy-paste templates are valid YAML/shell and only use flags and export formats the CLI has. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';

const TEMPLATES = join(import.meta.dirname, '../../templates');
const CLI_DIR = join(import.meta.dirname, '../../packages/cli');
const FORMATS = [
  'shell',
  'dotenv',
  'json',
  'bash-env',
  'buildkite',
  'gitlab-dotenv',
  'profile',
  'credential-process',
  'none',
];
const FILES = [
  'gitlab/templates/credentials.yml',
  'circleci/orb.yml',
  'buildkite/plugin.yml',
  'buildkite/hooks/pre-command',
  'jenkins/Jenkinsfile',
  'bitbucket/bitbucket-pipelines.yml',
];

describe('templates', () => {
  it('YAML files parse (the GitLab component: spec document, then the jobs)', () => {
    const component = parseAllDocuments(readFileSync(join(TEMPLATES, FILES[0]!), 'utf8'));
    expect(component).toHaveLength(2);
    expect(Object.keys(component[0]!.toJS().spec.inputs)).toContain('role-to-assume');
    expect(component[1]!.toJS()['.aws-ci-kit-credentials'].id_tokens.GITLAB_OIDC_TOKEN).toBeTruthy();
    for (const file of ['circleci/orb.yml', 'buildkite/plugin.yml', 'bitbucket/bitbucket-pipelines.yml']) {
      expect(parse(readFileSync(join(TEMPLATES, file), 'utf8'))).toBeTruthy();
    }
  });

  it('the Buildkite hook is valid bash', () => {
    execFileSync('bash', ['-n', join(TEMPLATES, 'buildkite/hooks/pre-command')]);
  });

  it('every --export and AWS_CI_KIT_* the templates use exists; every version pin is the package version', () => {
    const version = JSON.parse(readFileSync(join(CLI_DIR, 'package.json'), 'utf8')).version as string;
    const flags = JSON.parse(
      readFileSync(join(CLI_DIR, 'src/action-flags.generated.json'), 'utf8'),
    ) as Record<string, { flags: Array<{ name: string }> }>;
    const inputs = new Set(
      Object.values(flags).flatMap((c) =>
        c.flags.map((f) => `AWS_CI_KIT_${f.name.toUpperCase().replace(/-/g, '_')}`),
      ),
    );
    for (const file of FILES) {
      const text = readFileSync(join(TEMPLATES, file), 'utf8');
      for (const [, format] of text.matchAll(/--export ([a-z-]+)/g)) expect(FORMATS, file).toContain(format);
      for (const [name] of text.matchAll(/(?<![A-Z_])AWS_CI_KIT_[A-Z_]+/g))
        expect(inputs.has(name), `${file}: ${name}`).toBe(true);
      for (const [, pinned] of text.matchAll(/@aws-ci-kit\/cli@([\w.-]+)/g))
        expect(pinned, file).toBe(version);
    }
  });
});
