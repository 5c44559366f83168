import { describe, expect, it } from 'vitest';
import { CiKitError } from '../errors.ts';
import { recordingRuntime } from './index.ts';

describe('recordingRuntime', () => {
  it('reads inputs trimmed, variables before the environment, and the options it was given', async () => {
    const env: Record<string, string> = { HOME: '/home/ci', SHARED: 'from-env' };
    const runtime = recordingRuntime({
      ci: 'some-ci',
      inputs: { region: '  eu-west-1 ', empty: '   ' },
      variables: { SHARED: 'from-variables' },
      env,
      context: { repository: 'octo/webapp' },
      debug: true,
      endpoints: { conn: { id: 'conn', auth: { username: 'u' }, data: {} } },
      idToken: async () => 'token',
      tempDir: '/tmp/x',
    });
    expect(runtime.ci).toBe('some-ci');
    expect(runtime.input('region')).toBe('eu-west-1');
    expect(runtime.input('empty')).toBeUndefined();
    expect(runtime.input('missing')).toBeUndefined();
    expect(runtime.variable('SHARED')).toBe('from-variables');
    expect(runtime.variable('HOME')).toBe('/home/ci');
    env.LATER = 'live';
    expect(runtime.environment().LATER).toBe('live');
    expect(runtime.context.repository).toBe('octo/webapp');
    expect(runtime.isDebug).toBe(true);
    expect(runtime.tempDir).toBe('/tmp/x');
    expect(runtime.endpoint?.('conn')?.auth.username).toBe('u');
    expect(await runtime.idToken?.()).toBe('token');
    expect(recordingRuntime().endpoint).toBeUndefined();
    expect(recordingRuntime().idToken).toBeUndefined();
  });

  it('records every call in order', async () => {
    const runtime = recordingRuntime({
      exec: async (command) => ({ code: 3, stdout: command, stderr: '' }),
    });
    runtime.mask('s3cret');
    runtime.setVariable('TOKEN', 'tok', { secret: true });
    runtime.setOutput('plain', 'value');
    runtime.state.save('key', 'saved');
    await runtime.log.group('title', async () => runtime.log.info('inside'));
    runtime.log.warning('careful');
    expect(await runtime.exec('docker', ['login', '--password-stdin'], { stdin: 'x' })).toEqual({
      code: 3,
      stdout: 'docker',
      stderr: '',
    });
    await runtime.summary('# done');
    const error = new CiKitError('input', 'Bad input.', { hint: 'Fix it.' });
    runtime.fail(error);
    expect(runtime.events).toEqual([
      { kind: 'mask', value: 's3cret' },
      { kind: 'mask', value: 'tok' },
      { kind: 'variable', name: 'TOKEN', value: 'tok', secret: true },
      { kind: 'output', name: 'plain', value: 'value', secret: false },
      { kind: 'state', key: 'key', value: 'saved' },
      { kind: 'group', title: 'title' },
      { kind: 'log', level: 'info', message: 'inside' },
      { kind: 'log', level: 'warning', message: 'careful' },
      { kind: 'exec', command: 'docker', args: ['login', '--password-stdin'] },
      { kind: 'summary', markdown: '# done' },
      { kind: 'fail', message: 'Bad input. Fix: Fix it.' },
    ]);
    expect(runtime.masks).toEqual(['s3cret', 'tok']);
    expect(runtime.variables.get('TOKEN')).toEqual({ value: 'tok', secret: true });
    expect(runtime.outputs.get('plain')).toEqual({ value: 'value', secret: false });
    expect(runtime.state.get('key')).toBe('saved');
    expect(runtime.execs).toEqual([
      { command: 'docker', args: ['login', '--password-stdin'], options: { stdin: 'x' } },
    ]);
    expect(runtime.summaries).toEqual(['# done']);
    expect(runtime.failures).toEqual([error]);
    expect(runtime.logText()).toBe('inside\ncareful');
  });

  it('exec without a handler rejects (recorded still); a post step shares the state of main', async () => {
    const main = recordingRuntime();
    await expect(main.exec('docker', ['version'])).rejects.toThrow(/exec docker was not expected/);
    expect(main.execs).toEqual([{ command: 'docker', args: ['version'], options: {} }]);
    main.state.save('isPost', 'true');
    const post = recordingRuntime({ state: main.stateMap });
    expect(post.state.get('isPost')).toBe('true');
  });

  it('finds a secret used before it was masked, line by line, and prints with masks applied', () => {
    const runtime = recordingRuntime();
    runtime.log.info('early line2');
    runtime.mask('p@ss\nline2');
    runtime.log.info('late line2 and p@ss');
    runtime.setOutput('out', 'line2');
    runtime.log.debug('p@ss');
    expect(runtime.unmaskedUses('p@ss\nline2')).toEqual([
      { kind: 'log', level: 'info', message: 'early line2' },
    ]);
    expect(runtime.unmaskedUses('never-used')).toEqual([]);
    expect(runtime.printed()).toBe('early line2\nlate *** and ***\n[debug] ***');
  });
});
