import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CiKitError, describeError, errorCode, isCiKitError, isUserError } from './errors.ts';

// Child processes: generous limits for a loaded machine.
vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 });

type ErrorsModule = typeof import('./errors.ts');

/** A second copy of errors.ts, bundled on its own, as another action's bundle would carry it. */
let copy: ErrorsModule;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'core-errors-'));
  const result = await build({
    entryPoints: [new URL('./errors.ts', import.meta.url).pathname],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    write: false,
    logLevel: 'silent',
  });
  const file = join(dir, 'errors-copy.cjs');
  await writeFile(file, result.outputFiles[0]!.text);
  copy = createRequire(import.meta.url)(file) as ErrorsModule;
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('CiKitError', () => {
  it('carries kind, message, hint, code and cause', () => {
    const cause = new Error('low level');
    const error = new CiKitError('credentials', 'No credentials.', {
      hint: 'Set role-to-assume.',
      code: 'NoCredentials',
      tryNextLink: true,
      cause,
    });
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({
      name: 'CiKitError',
      kind: 'credentials',
      message: 'No credentials.',
      hint: 'Set role-to-assume.',
      code: 'NoCredentials',
      tryNextLink: true,
      cause,
    });
  });

  it('defaults: code is the kind, no next link, no hint, no cause', () => {
    const error = new CiKitError('network', 'Timed out.');
    expect(error).toMatchObject({ code: 'network', tryNextLink: false, hint: undefined });
    expect('cause' in error).toBe(false);
  });
});

describe('recognised across bundles by its brand, not instanceof', () => {
  it('an error from a separately bundled copy is recognised both ways', () => {
    const foreign = new copy.CiKitError('permission', 'Denied.', { hint: 'Grant ecr:PutImage.' });
    expect(foreign instanceof CiKitError).toBe(false);
    expect(isCiKitError(foreign)).toBe(true);
    expect(isUserError(foreign)).toBe(true);
    expect(describeError(foreign)).toBe('Denied. Fix: Grant ecr:PutImage.');
    expect(copy.isCiKitError(new CiKitError('aws', 'x'))).toBe(true);
  });

  it('any object carrying the global brand counts; look-alikes without it do not', () => {
    const branded = { [Symbol.for('aws-ci-kit.error')]: true, kind: 'input', message: 'm', hint: 'h' };
    expect(isCiKitError(branded)).toBe(true);
    expect(isCiKitError({ name: 'CiKitError', kind: 'input', message: 'm' })).toBe(false);
    expect(isCiKitError({ [Symbol('aws-ci-kit.error')]: true })).toBe(false);
    for (const value of [null, undefined, 'CiKitError', 42, new Error('x')])
      expect(isCiKitError(value)).toBe(false);
  });
});

describe('the one line a failed step prints', () => {
  it('user errors: message then fix; internal errors are not user errors', () => {
    expect(describeError(new CiKitError('input', 'Input `a` is required.', { hint: 'Set `a`.' }))).toBe(
      'Input `a` is required. Fix: Set `a`.',
    );
    expect(describeError(new CiKitError('aws', 'Throttled.'))).toBe('Throttled.');
    expect(isUserError(new CiKitError('internal', 'bug'))).toBe(false);
    expect(isUserError(new CiKitError('input', 'x'))).toBe(true);
    expect(isUserError(new Error('x'))).toBe(false);
  });

  it('other errors: their message, named unless a plain Error; anything else as a string', () => {
    expect(describeError(new Error('boom'))).toBe('boom');
    expect(describeError(new TypeError('bad type'))).toBe('TypeError: bad type');
    expect(describeError('text')).toBe('text');
    expect(describeError(42)).toBe('42');
  });
});

describe('errorCode', () => {
  it('is the CiKitError’s code, its kind when it names none, and Internal for anything else', () => {
    expect(errorCode(new CiKitError('input', 'x', { code: 'InputMissing' }))).toBe('InputMissing');
    expect(errorCode(new CiKitError('registry', 'x'))).toBe('registry');
    expect(errorCode(new TypeError('bad'))).toBe('Internal');
    expect(errorCode('text')).toBe('Internal');
  });
});

describe('long values in the error line', () => {
  it('cuts a word over 200 characters to 60 and says its length; short words stay whole', () => {
    const host = 'x'.repeat(10_000);
    const line = describeError(new Error(`getaddrinfo EINVAL ${host}`));
    expect(line).toBe(`getaddrinfo EINVAL ${'x'.repeat(60)}… (10000 characters)`);
    const arn = `arn:aws:iam::123456789012:role/${'r'.repeat(150)}`;
    expect(describeError(new CiKitError('input', `Role ${arn} is bad.`))).toBe(`Role ${arn} is bad.`);
  });

  it('never prints more than 1,000 characters', () => {
    const line = describeError(new CiKitError('input', 'word '.repeat(400), { hint: 'Fix it.' }));
    expect(line.length).toBe(1_000);
    expect(line.endsWith('…')).toBe(true);
  });
});

describe('one line, whatever the message holds', () => {
  it('turns line breaks (CR, LF, NEL, LS, PS) into spaces', () => {
    const line = describeError(new CiKitError('input', 'got "x\r\n##vso[task.complete result=Succeeded]"'));
    expect(line).toBe('got "x ##vso[task.complete result=Succeeded]"');
    expect(describeError(new Error('a\u0085b\u2028c\u2029d'))).toBe('a b c d');
  });
});
