import { describe, expect, it, vi } from 'vitest';
import { isCiKitError } from './errors.ts';
import { spawnProcess } from './spawn-process.ts';

// Child processes: generous limits for a loaded machine.
vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 });

const NODE = process.execPath;
const baseEnv = { PATH: process.env.PATH, BASE: 'base' };

function collect() {
  const lines: Array<[string, string]> = [];
  return { lines, onLine: (line: string, stream: string) => lines.push([stream, line]) };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('spawnProcess', () => {
  it('feeds stdin, collects output, and hands each line to onLine', async () => {
    const { lines, onLine } = collect();
    const script =
      "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>{console.log('in:'+s);console.error('err line')})";
    const result = await spawnProcess(NODE, ['-e', script], { stdin: 'pass\nword', baseEnv }, onLine);
    expect(result).toEqual({ code: 0, stdout: 'in:pass\nword\n', stderr: 'err line\n' });
    expect(lines).toEqual([
      ['stdout', 'in:pass'],
      ['stdout', 'word'],
      ['stderr', 'err line'],
    ]);
  });

  it('accepts binary stdin', async () => {
    const script = "process.stdin.on('data',d=>process.stdout.write(d.toString('hex')))";
    const result = await spawnProcess(
      NODE,
      ['-e', script],
      { stdin: new Uint8Array([0, 255]), baseEnv },
      () => {},
    );
    expect(result.stdout).toBe('00ff');
  });

  it('runs without a shell: arguments stay literal', async () => {
    const result = await spawnProcess(
      NODE,
      ['-e', 'console.log(process.argv[1])', '$(echo hi); `x` | y'],
      { baseEnv, silent: true },
      () => {},
    );
    expect(result.stdout).toBe('$(echo hi); `x` | y\n');
  });

  it('adds env over the base environment; undefined removes a variable', async () => {
    const script = 'console.log(JSON.stringify([process.env.BASE, process.env.EXTRA, process.env.GONE]))';
    const result = await spawnProcess(
      NODE,
      ['-e', script],
      { baseEnv: { ...baseEnv, GONE: 'x' }, env: { EXTRA: 'extra', GONE: undefined }, silent: true },
      () => {},
    );
    expect(JSON.parse(result.stdout)).toEqual(['base', 'extra', null]);
  });

  it('silent: output is collected but not logged', async () => {
    const { lines, onLine } = collect();
    const result = await spawnProcess(
      NODE,
      ['-e', "console.log('quiet')"],
      { baseEnv, silent: true },
      onLine,
    );
    expect(result.stdout).toBe('quiet\n');
    expect(lines).toEqual([]);
  });

  it('logs a last line without newline, and a character split across writes whole', async () => {
    const { lines, onLine } = collect();
    const script =
      'process.stdout.write(Buffer.from([0x70,0xc3]));setTimeout(()=>process.stdout.write(Buffer.from([0xa4,0x73,0x0a,0x65,0x6e,0x64])),100)';
    const result = await spawnProcess(NODE, ['-e', script], { baseEnv }, onLine);
    expect(result.stdout).toBe('päs\nend');
    expect(lines).toEqual([
      ['stdout', 'päs'],
      ['stdout', 'end'],
    ]);
  });

  it('a non-zero exit is a one-line tool error with the last stderr line', async () => {
    const script = "console.error('first\\nAccess denied for repo');process.exit(3)";
    const error = await rejection(spawnProcess(NODE, ['-e', script], { baseEnv, silent: true }, () => {}));
    expect(isCiKitError(error)).toBe(true);
    expect(error).toMatchObject({ kind: 'tool', code: 'ToolFailed' });
    expect((error as Error).message).toMatch(/failed with exit code 3: Access denied for repo$/);
    expect((error as Error).message).not.toContain('\n');
  });

  it('ignoreReturnCode resolves with the exit code', async () => {
    const result = await spawnProcess(
      NODE,
      ['-e', 'process.exit(4)'],
      { baseEnv, ignoreReturnCode: true },
      () => {},
    );
    expect(result.code).toBe(4);
  });

  it('a missing tool is a one-line tool error with a fix', async () => {
    const error = await rejection(spawnProcess('no-such-tool-akit', ['x'], { baseEnv }, () => {}));
    expect(isCiKitError(error)).toBe(true);
    expect(error).toMatchObject({
      kind: 'tool',
      code: 'ToolNotFound',
      message: '`no-such-tool-akit` was not found on PATH.',
      hint: 'Install no-such-tool-akit on the agent or choose another tool.',
    });
  });
});
