import { spawn } from 'node:child_process';

export interface Sample {
  readonly ms: number;
  readonly code: number | null;
  readonly stderr: string;
}

/** Runs a command once (no shell) and measures its wall time. */
export function timeCommand(
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<Sample> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, [...args], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({ ms: Number(process.hrtime.bigint() - started) / 1e6, code, stderr }),
    );
  });
}

export interface Measured {
  readonly name: string;
  readonly median: number;
  readonly min: number;
  readonly runs: number;
}

/** One warm-up run, then `runs` measured runs; every run must succeed. */
export async function measure(name: string, runs: number, run: () => Promise<Sample>): Promise<Measured> {
  const warm = await run();
  if (warm.code !== 0) throw new Error(`${name} failed (exit ${warm.code}): ${warm.stderr.slice(-500)}`);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const sample = await run();
    if (sample.code !== 0)
      throw new Error(`${name} failed (exit ${sample.code}): ${sample.stderr.slice(-500)}`);
    times.push(sample.ms);
  }
  times.sort((a, b) => a - b);
  return { name, median: times[Math.floor(times.length / 2)]!, min: times[0]!, runs };
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
  for (let round = -1; round < runs; round++) {
    for (const [i, c] of cases.entries()) {
      const sample = await c.run();
      if (sample.code !== 0)
        throw new Error(`${c.name} failed (exit ${sample.code}): ${sample.stderr.slice(-500)}`);
      if (round >= 0) times[i]!.push(sample.ms); // round -1 warms up
    }
  }
  return cases.map((c, i) => {
    const sorted = times[i]!.sort((a, b) => a - b);
    return { name: c.name, median: sorted[Math.floor(sorted.length / 2)]!, min: sorted[0]!, runs };
  });
}

/** A table of results with each one's ratio to the first (the baseline). */
export function printTable(title: string, rows: readonly Measured[]): void {
  const base = rows[0]!;
  console.log(`\n${title}`);
  console.log(`${'command'.padEnd(58)} ${'median'.padStart(9)} ${'min'.padStart(9)}  ratio to ${base.name}`);
  for (const row of rows) {
    console.log(
      `${row.name.padEnd(58)} ${`${row.median.toFixed(0)} ms`.padStart(9)} ${`${row.min.toFixed(0)} ms`.padStart(9)}  ${(row.median / base.median).toFixed(2)}x`,
    );
  }
}
