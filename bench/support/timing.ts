import { spawn } from 'node:child_process';

export interface Sample {
  readonly ms: number;
  /** CPU time of the child (user + sys, its own children included), from getrusage via time(1). */
  readonly cpuMs: number;
  readonly code: number | null;
  readonly stderr: string;
}

/** Runs a command once (no shell) under /usr/bin/time and measures its wall time and CPU time. */
export function timeCommand(
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<Sample> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn('/usr/bin/time', ['-f', '@@CPU %U %S', command, ...args], {
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const cpu = /@@CPU ([\d.]+) ([\d.]+)\s*$/.exec(stderr);
      resolve({
        ms,
        cpuMs: cpu ? (Number(cpu[1]) + Number(cpu[2])) * 1000 : Number.NaN,
        code,
        stderr: stderr.replace(/@@CPU [\d.]+ [\d.]+\s*$/, ''),
      });
    });
  });
}

export interface Measured {
  readonly name: string;
  readonly median: number;
  /** Median CPU time (user + sys) of the runs. */
  readonly cpu: number;
  readonly min: number;
  readonly runs: number;
}

const middle = (xs: number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

/** One warm-up run, then `runs` measured runs; every run must succeed. */
export async function measure(name: string, runs: number, run: () => Promise<Sample>): Promise<Measured> {
  const warm = await run();
  if (warm.code !== 0) throw new Error(`${name} failed (exit ${warm.code}): ${warm.stderr.slice(-500)}`);
  const times: number[] = [];
  const cpus: number[] = [];
  for (let i = 0; i < runs; i++) {
    const sample = await run();
    if (sample.code !== 0)
      throw new Error(`${name} failed (exit ${sample.code}): ${sample.stderr.slice(-500)}`);
    times.push(sample.ms);
    cpus.push(sample.cpuMs);
  }
  times.sort((a, b) => a - b);
  return { name, median: times[Math.floor(times.length / 2)]!, min: times[0]!, cpu: middle(cpus), runs };
}

/**
 * Like `measure` for several commands at once, run in turns (one run of each, then the next round)
 * so that a change of load on the machine weighs on all of them alike: the ratios stay fair.
 */
export async function measureInTurns(
  runs: number,
  cases: ReadonlyArray<{ name: string; run: () => Promise<Sample> }>,
): Promise<Measured[]> {
  const times = cases.map(() => [] as number[]);
  const cpus = cases.map(() => [] as number[]);
  for (let round = -1; round < runs; round++) {
    for (const [i, c] of cases.entries()) {
      const sample = await c.run();
      if (sample.code !== 0)
        throw new Error(`${c.name} failed (exit ${sample.code}): ${sample.stderr.slice(-500)}`);
      if (round >= 0) {
        // round -1 warms up
        times[i]!.push(sample.ms);
        cpus[i]!.push(sample.cpuMs);
      }
    }
  }
  return cases.map((c, i) => {
    const sorted = times[i]!.sort((a, b) => a - b);
    return {
      name: c.name,
      median: sorted[Math.floor(sorted.length / 2)]!,
      min: sorted[0]!,
      cpu: middle(cpus[i]!),
      runs,
    };
  });
}

/** A table of results with each one's ratio to the first (the baseline). */
export function printTable(title: string, rows: readonly Measured[]): void {
  const base = rows[0]!;
  console.log(`\n${title}`);
  console.log(
    `${'command'.padEnd(58)} ${'median'.padStart(9)} ${'min'.padStart(9)} ${'CPU'.padStart(9)}  ratio to ${base.name}`,
  );
  for (const row of rows) {
    console.log(
      `${row.name.padEnd(58)} ${`${row.median.toFixed(0)} ms`.padStart(9)} ${`${row.min.toFixed(0)} ms`.padStart(9)} ${`${row.cpu.toFixed(0)} ms`.padStart(9)}  ${(row.median / base.median).toFixed(2)}x`,
    );
  }
}
