import { StringDecoder } from 'node:string_decoder';
import { CiKitError } from './errors.ts';
import type { ExecOptions, ExecResult } from './runtime.ts';

/**
 * Runs a tool without a shell, feeding `stdin` and collecting output. Output lines go to `onLine`
 * (the adapter logs them through its CI's escaping), never to stdout directly.
 */
export async function spawnProcess(
  command: string,
  args: readonly string[],
  options: ExecOptions & { baseEnv: Readonly<Record<string, string | undefined>> },
  onLine: (line: string, stream: 'stdout' | 'stderr') => void,
): Promise<ExecResult> {
  // Loaded on first use: node's child_process costs about 5 ms at start, and most runs spawn nothing.
  const { spawn } = await import('node:child_process');
  return new Promise((resolve, reject) => {
    const env: Record<string, string> = {};
    for (const [key, value] of Object.entries({ ...options.baseEnv, ...options.env })) {
      if (value !== undefined) env[key] = value;
    }
    const child = spawn(command, [...args], { cwd: options.cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const pending = { stdout: '', stderr: '' };
    // A decoder per stream keeps a character split across chunks whole (a masked value must match).
    const decoders = { stdout: new StringDecoder('utf8'), stderr: new StringDecoder('utf8') };
    const collect = (stream: 'stdout' | 'stderr', sink: Buffer[]) => (chunk: Buffer) => {
      sink.push(chunk);
      if (options.silent) return;
      const text = pending[stream] + decoders[stream].write(chunk);
      const lines = text.split(/\r?\n/);
      pending[stream] = lines.pop() ?? '';
      for (const line of lines) onLine(line, stream);
    };
    child.stdout.on('data', collect('stdout', out));
    child.stderr.on('data', collect('stderr', err));
    child.on('error', (error: NodeJS.ErrnoException) => {
      reject(
        new CiKitError(
          'tool',
          error.code === 'ENOENT'
            ? `\`${command}\` was not found on PATH.`
            : `Could not run ${command}: ${error.message}`,
          {
            code: 'ToolNotFound',
            hint: `Install ${command} on the agent or choose another tool.`,
            cause: error,
          },
        ),
      );
    });
    child.on('close', (code) => {
      if (!options.silent) {
        for (const stream of ['stdout', 'stderr'] as const) {
          const rest = pending[stream] + decoders[stream].end();
          if (rest) onLine(rest, stream);
        }
      }
      const result = {
        code: code ?? 1,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      };
      if (result.code !== 0 && !options.ignoreReturnCode) {
        const last = result.stderr.trim().split('\n').pop() ?? '';
        reject(
          new CiKitError(
            'tool',
            `${command} ${args[0] ?? ''} failed with exit code ${result.code}${last ? `: ${last}` : ''}`,
            {
              code: 'ToolFailed',
            },
          ),
        );
        return;
      }
      resolve(result);
    });
    child.stdin.on('error', () => {});
    child.stdin.end(options.stdin ?? '');
  });
}
