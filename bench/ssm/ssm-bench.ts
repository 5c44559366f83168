// Benchmark: 1,000 SSM parameters (SecureString, as secrets are), by path and by names, against moto (IAM enforced) through the
// fault proxy in pass mode (which counts the API calls). Contenders: this step (the bundled GitHub
// entry as a child process, as the runner starts it), the AWS CLI (get-parameters-by-path paginated;
// get-parameters in batches of 10), and a naive one-GetParameter-per-name loop.
// Run: pnpm --filter @aws-ci-kit/ssm-secret bundle && cd bench && npx tsx ssm/ssm-bench.ts
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { naiveGetEach } from '../../test/ssm/naive-loop.ts';
import { cliEnv, credentialEnv } from '../../test/support/aws/clients.js';
import { startFaultProxy } from '../../test/support/aws/fault-proxy.js';
import { startMoto } from '../../test/support/aws/moto.js';
import { seedAwsBed } from '../../test/support/aws/seed.js';
import { parseFileCommands } from '../../test/support/ci/index.ts';

const run = promisify(execFile);
const N = Number(process.env.SSM_BENCH_PARAMS ?? 1000);
/** The AWS CLI per-name loop takes ~0.5 s a call: measured on a sample, scaled to N. */
const CLI_LOOP_SAMPLE = Number(process.env.SSM_BENCH_CLI_LOOP_SAMPLE ?? 40);
const BUNDLE = resolve(import.meta.dirname, '../../packages/ssm-secret/dist/github.js');

interface Result {
  contender: string;
  mode: 'path' | 'names';
  ms: number;
  calls: number;
  values: number;
  note?: string;
}

async function main(): Promise<void> {
  execFileSync('pnpm', ['--filter', '@aws-ci-kit/ssm-secret', 'bundle'], { stdio: 'ignore' });
  const moto = await startMoto();
  const proxy = await startFaultProxy(moto.endpoint);
  try {
    process.stderr.write(`Seeding ${N} parameters...\n`);
    const bed = await seedAwsBed(moto.endpoint, { extraParams: N, extraParamType: 'SecureString' });
    await moto.enforceAuth();
    const creds = { accessKeyId: bed.admin.accessKeyId, secretAccessKey: bed.admin.secretAccessKey };
    const target = { endpoint: proxy.endpoint, region: bed.region };
    const env = { ...cliEnv(target), ...credentialEnv(creds) } as Record<string, string>;
    const names = bed.extraParamNames;
    const ssmCalls = (from: number): number =>
      proxy
        .calls()
        .slice(from)
        .filter((c) => c.action.startsWith('GetParameter')).length;
    const results: Result[] = [];
    const measure = async (
      contender: string,
      mode: 'path' | 'names',
      fn: () => Promise<number>,
      note?: string,
    ): Promise<void> => {
      const from = proxy.calls().length;
      const started = performance.now();
      const values = await fn();
      const ms = performance.now() - started;
      results.push({ contender, mode, ms, calls: ssmCalls(from), values, ...(note ? { note } : {}) });
      process.stderr.write(`  ${contender} (${mode}): ${ms.toFixed(0)} ms\n`);
    };

    const step = async (inputs: Record<string, string>): Promise<number> => {
      const dir = mkdtempSync(join(tmpdir(), 'ssm-bench-'));
      const files: Record<string, string> = { RUNNER_TEMP: dir };
      for (const f of ['GITHUB_ENV', 'GITHUB_OUTPUT', 'GITHUB_STATE']) {
        files[f] = join(dir, f.toLowerCase());
        writeFileSync(files[f], '');
      }
      await run(process.execPath, [BUNDLE], {
        env: {
          ...env,
          ...files,
          'INPUT_NAME-TRANSFORM': 'leaf',
          'INPUT_VERIFY-IDENTITY': 'false',
          ...inputs,
        },
        maxBuffer: 64 * 1024 * 1024,
      });
      return new Map(parseFileCommands(readFileSync(files.GITHUB_ENV!, 'utf8'))).size;
    };
    const cli = async (args: string[]): Promise<unknown> => {
      const { stdout } = await run('aws', ['ssm', ...args, '--with-decryption', '--output', 'json'], {
        env,
        maxBuffer: 64 * 1024 * 1024,
      });
      return JSON.parse(stdout);
    };

    process.stderr.write('Warming up...\n');
    await step({ INPUT_NAMES: names.slice(0, 10).join('\n') });
    await cli(['get-parameters', '--names', ...names.slice(0, 10)]);

    process.stderr.write('By path:\n');
    await measure('this step (bundle)', 'path', () => step({ INPUT_PATHS: '/bulk' }));
    await measure('AWS CLI get-parameters-by-path', 'path', async () => {
      const out = (await cli(['get-parameters-by-path', '--path', '/bulk', '--recursive'])) as {
        Parameters: unknown[];
      };
      return out.Parameters.length;
    });

    process.stderr.write('By names:\n');
    await measure('this step (bundle)', 'names', () => step({ INPUT_NAMES: names.join('\n') }));
    await measure('AWS CLI get-parameters x10', 'names', async () => {
      let count = 0;
      for (let i = 0; i < names.length; i += 10) {
        const out = (await cli(['get-parameters', '--names', ...names.slice(i, i + 10)])) as {
          Parameters: unknown[];
        };
        count += out.Parameters.length;
      }
      return count;
    });
    await measure(
      'naive SDK loop (GetParameter each)',
      'names',
      async () => (await naiveGetEach(target, creds, names)).size,
    );
    const sample = names.slice(0, Math.min(CLI_LOOP_SAMPLE, names.length));
    await measure(
      'naive AWS CLI loop (get-parameter each)',
      'names',
      async () => {
        for (const name of sample) await cli(['get-parameter', '--name', name]);
        return sample.length;
      },
      `measured on ${sample.length}, scaled x${(names.length / sample.length).toFixed(0)}`,
    );
    const last = results.at(-1)!;
    last.ms *= names.length / sample.length;
    last.calls = Math.round((last.calls * names.length) / sample.length);
    last.values = names.length;

    printTable(results);
  } finally {
    await proxy.stop();
    await moto.stop();
  }
}

function printTable(results: Result[]): void {
  const ours = (mode: string) => results.find((r) => r.mode === mode && r.contender.startsWith('this step'))!;
  const rows = results.map((r) => {
    const base = ours(r.mode);
    return [
      r.mode,
      r.contender,
      `${(r.ms / 1000).toFixed(2)} s`,
      String(r.calls),
      String(r.values),
      `${(r.ms / base.ms).toFixed(1)}x`,
      `${(r.calls / base.calls).toFixed(1)}x`,
      r.note ?? '',
    ];
  });
  const head = [
    'mode',
    'contender',
    'wall time',
    'SSM calls',
    'values',
    'time vs step',
    'calls vs step',
    'note',
  ];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ');
  console.log(`\nSSM: ${N} parameters against moto (IAM enforced), calls counted at the loopback proxy\n`);
  console.log(line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
  for (const r of rows) console.log(line(r));
  console.log(
    '\nMinimum calls: by names ceil(N/10) GetParameters; by path ceil(N/10) pages (+1 empty page when N is a multiple of 10 on moto).',
  );
}

await main();
