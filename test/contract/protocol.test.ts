import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  assertMaskedBeforeUse,
  type OutputEvent,
  parseFileCommands,
  parseVsoCommands,
  parseVsoLine,
  parseWorkflowCommands,
  RESUME,
  SecretLeak,
  secretPieces,
  unescapeVso,
} from '../support/ci/index.ts';
import { buildContractBundles, type ContractBundles } from './bundles.ts';
import { runAzure, runGithub } from './harness.ts';

// Child processes: generous limits for a loaded machine (a run takes well under a second).
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

describe('GitHub file commands, parsed as the runner does', () => {
  it('reads NAME=value lines and NAME<<DELIMITER heredocs, keeping inner newlines', () => {
    const text = 'A=1\nB<<EOF\nline 1\n\nline 3\nEOF\n\nC=x=y\nD<<X\nX\n';
    expect(parseFileCommands(text)).toEqual([
      ['A', '1'],
      ['B', 'line 1\n\nline 3'],
      ['C', 'x=y'],
      ['D', ''],
    ]);
  });

  it('needs the exact delimiter on a line of its own', () => {
    expect(parseFileCommands('B<<EOF\n EOF\nEOFX\nEOF\n')).toEqual([['B', ' EOF\nEOFX']]);
    expect(() => parseFileCommands('B<<EOF\nvalue\n')).toThrow(/Matching delimiter not found/);
    expect(() => parseFileCommands('B<<EOF\nvalue')).toThrow(/missing new line/);
    expect(parseFileCommands('B<<EOF\nvalue\nEOF')).toEqual([['B', 'value']]);
    expect(() => parseFileCommands('<<EOF\nEOF\n')).toThrow(/Name must not be empty/);
    expect(() => parseFileCommands('justtext\n')).toThrow(/Invalid format/);
  });
});

describe('GitHub workflow commands, parsed as the runner does', () => {
  it('reads ::name props::data after leading space, unescaping data and properties', () => {
    const commands = parseWorkflowCommands([
      '  ::add-mask::a%0Ab%25c',
      '::set-output name=x%2Cy%3Az::v',
      'text ::add-mask::not a command',
      '::unknown::ignored',
    ]);
    expect(commands.map(({ command, properties, data }) => ({ command, properties, data }))).toEqual([
      { command: 'add-mask', properties: {}, data: 'a\nb%c' },
      { command: 'set-output', properties: { name: 'x,y:z' }, data: 'v' },
    ]);
  });

  it('reads the legacy ##[name k=v;]data anywhere in a line', () => {
    const [command] = parseWorkflowCommands(['prefix ##[set-env name=A%3BB;]v%5D']);
    expect(command).toMatchObject({ command: 'set-env', properties: { name: 'A;B' }, data: 'v]' });
  });

  it('ignores everything between ::stop-commands::TOKEN and ::TOKEN::', () => {
    const commands = parseWorkflowCommands([
      '::stop-commands::tok1',
      '::add-mask::hidden',
      '::stop-commands::other',
      '::tok1::',
      '::add-mask::seen',
    ]);
    expect(commands.map((c) => [c.command, c.data])).toEqual([
      ['stop-commands', 'tok1'],
      [RESUME, 'tok1'],
      ['add-mask', 'seen'],
    ]);
  });
});

describe('Azure ##vso commands, parsed as the agent does', () => {
  it('finds the first ##vso[ anywhere in a line and unescapes properties and data', () => {
    expect(
      parseVsoLine('text ##vso[task.setvariable variable=a%3Bb;isOutput=true]x%0Ay%AZP250A%5D'),
    ).toMatchObject({
      command: 'task.setvariable',
      properties: { variable: 'a;b', isoutput: 'true' },
      data: 'x\ny%0A]',
    });
    expect(parseVsoLine('##vso[task.debug]a ##vso[task.setvariable variable=EVIL]x')).toMatchObject({
      command: 'task.debug',
      data: 'a ##vso[task.setvariable variable=EVIL]x',
    });
    expect(parseVsoLine('##\u200bvso[task.setvariable variable=EVIL]x')).toBeUndefined();
    expect(parseVsoCommands(['plain', '##vso[task.setsecret]s'])).toHaveLength(1);
    expect(unescapeVso('%AZP253B')).toBe('%3B');
  });
});

describe('assertMaskedBeforeUse', () => {
  const text = (t: string, where = 'line'): OutputEvent => ({ kind: 'text', text: t, where });
  const mask = (value: string): OutputEvent => ({ kind: 'mask', value, where: 'mask' });

  it('passes when every appearance comes after the mask, and counts them', () => {
    expect(
      assertMaskedBeforeUse([text('start'), mask('s3cret'), text('x s3cret y'), text('s3cret')], 's3cret'),
    ).toBe(2);
  });

  it('fails on an appearance before the mask, in any text', () => {
    expect(() => assertMaskedBeforeUse([text('x s3cret'), mask('s3cret')], 's3cret')).toThrow(SecretLeak);
    expect(() => assertMaskedBeforeUse([text('s3cret', 'GITHUB_ENV:2')], 's3cret')).toThrow(/GITHUB_ENV:2/);
  });

  it('needs each line of a multi-line secret masked on its own', () => {
    const secret = 'first-line\nsecond-line';
    expect(secretPieces(secret)).toEqual(['first-line', 'second-line']);
    expect(() => assertMaskedBeforeUse([mask(secret), text('second-line')], secret)).toThrow(SecretLeak);
    expect(() => assertMaskedBeforeUse([mask('first-line'), text('second-line')], secret)).toThrow(
      SecretLeak,
    );
    expect(
      assertMaskedBeforeUse([mask('first-line'), mask('second-line'), text('second-line')], secret),
    ).toBe(1);
  });

  it('another mask does not cover the secret', () => {
    expect(() => assertMaskedBeforeUse([mask('other'), text('s3cret')], 's3cret')).toThrow(SecretLeak);
  });
});

describe('the harness against the real bundles', () => {
  let dir: string;
  let bundles: ContractBundles;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'contract-protocol-'));
    bundles = await buildContractBundles(dir);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('GitHub: a variable is written as NAME<<ghadelimiter_<uuid>, exact bytes', async () => {
    const run = await runGithub(bundles.github, {
      scenario: { main: [{ op: 'setVariable', name: 'V_SIMPLE', value: 'hello' }] },
      debug: false,
    });
    expect(run.main.files?.GITHUB_ENV).toMatch(
      /^V_SIMPLE<<(ghadelimiter_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\nhello\n\1\n$/,
    );
    expect(run.main.files?.GITHUB_STATE).toMatch(/^isPost<<(ghadelimiter_[0-9a-f-]{36})\ntrue\n\1\n$/);
    expect(run.post.files?.GITHUB_STATE).toBe('');
  });

  it('Azure: a variable is one ##vso[task.setvariable] line, exact bytes', async () => {
    const run = await runAzure(bundles.azure, {
      scenario: { main: [{ op: 'setVariable', name: 'V_SIMPLE', value: 'a\nb%c' }] },
      debug: false,
    });
    expect(run.main.lines).toContain(
      '##vso[task.setvariable variable=V_SIMPLE;isOutput=false;issecret=false;]a%0Ab%AZP25c',
    );
  });
});
