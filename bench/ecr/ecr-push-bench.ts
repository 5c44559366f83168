// Benchmark: our daemonless push beside `skopeo copy`, both pushing the same image through TLS to
// the project's registry bed (Debian docker-registry, htpasswd, a throwaway CA), in alternating
// pairs: a `docker save`-style archive (uncompressed layers: the push compresses them) and an OCI
// layout (gzip layers, made from the archive by skopeo), cold (a fresh registry), warm (the same
// image again), new tag (the same image under another tag) and with one changed layer (10 layers).
// Our push keeps its layer record in one folder for the whole run, as skopeo keeps its blob-info
// cache in the home folder. Prints medians, ratios, CPU (user+sys of
// the child) and peak RSS (/usr/bin/time), and the machine's load. Small OCI cases also run the
// runtime's floor (node-floor.ts: the same requests over bare node:https) in the same rounds, cold,
// so a ratio can be read against what node alone costs.
//
//   cd bench && pnpm bench:ecr                       # sizes 1,16,128 MiB, 7 pairs (15 up to 16 MiB)
//   BENCH_SIZES=1,16,128,512 RUNS=7 pnpm bench:ecr   # the full matrix
//   BENCH_CASES='archive 10x' RUNS=3 pnpm bench:ecr  # cases whose name contains the text
//   BENCH_NODE=current pnpm bench:ecr                # ours and the floor on this node (default: node
//                                                    # 24, the actions' runtime), or a node's path
//   BENCH_RTT_MS=30 pnpm bench:ecr                   # both through a relay that adds this round trip
//                                                    # (lag-proxy.ts), as a registry across a network
import { execFileSync, spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { entryBundleOptions } from '../../scripts/esbuild-options.mjs';
import {
  makeTempDir,
  type Registry,
  removeTree,
  run,
  startRegistry,
  writeDockerArchive,
} from '../../test/support/registry/index.js';

const RUNS = Number(process.env.RUNS ?? process.env.BENCH_RUNS ?? 7);
/** Small cases end in a few hundred ms, where a run's noise is a large share: at least 15 pairs. */
const SMALL_RUNS = Math.max(RUNS, 15);
const isSmall = (c: Case): boolean => c.layers * c.layerMiB <= 16;
const pairsFor = (c: Case): number => (isSmall(c) ? SMALL_RUNS : RUNS);
const SIZES = (process.env.BENCH_SIZES ?? '1,16,128').split(',').map(Number);
const ONLY = process.env.BENCH_CASES;
/** A round trip added to every connection to the registry (lag-proxy.ts); 0: loopback as it is. */
const RTT_MS = Number(process.env.BENCH_RTT_MS ?? 0);
/**
 * The node ours and the floor run on: node 24, as GitHub's `node24` and Azure's `Node24` run the steps
 * (test's node24 package); `current` for the node running this; or a node's path.
 */
const NODE24 = join(import.meta.dirname, '..', '..', 'test', 'node_modules', 'node24', 'bin', 'node');
const NODE =
  (process.env.BENCH_NODE ?? '24') === '24'
    ? NODE24
    : process.env.BENCH_NODE === 'current'
      ? process.execPath
      : (process.env.BENCH_NODE as string);
const MiB = 1024 * 1024;
const user = { user: 'AWS', password: 'bench-password-not-secret' };

type Scenario = 'cold' | 'warm' | 'retag' | 'changed';
interface Case {
  readonly name: string;
  readonly kind: 'archive' | 'oci';
  readonly layers: number;
  readonly layerMiB: number;
  readonly scenarios: readonly Scenario[];
}

function cases(): Case[] {
  const all: Case[] = [];
  for (const kind of ['archive', 'oci'] as const) {
    for (const size of SIZES)
      all.push({
        name: `${kind} ${size} MiB`,
        kind,
        layers: 1,
        layerMiB: size,
        scenarios: kind === 'archive' ? ['cold', 'warm', 'retag'] : ['cold', 'warm'],
      });
    all.push({
      name: `${kind} 10x4 MiB`,
      kind,
      layers: 10,
      layerMiB: 4,
      scenarios: kind === 'archive' ? ['cold', 'warm', 'retag', 'changed'] : ['cold', 'warm', 'changed'],
    });
    all.push({ name: `${kind} 50x1 MiB`, kind, layers: 50, layerMiB: 1, scenarios: ['cold', 'warm'] });
  }
  return all.filter((c) => !ONLY || c.name.includes(ONLY));
}

interface Sample {
  readonly ms: number;
  readonly cpuMs: number;
  readonly rssMiB: number;
  readonly stdout: string;
}

/** Runs a command under /usr/bin/time: wall time measured here, CPU (user+sys) and peak RSS from time(1). */
function timed(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<Sample> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn('/usr/bin/time', ['-f', 'TIME %U %S %M', cmd, ...args], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - t0;
      if (code !== 0)
        return reject(new Error(`${cmd} ${args.join(' ')} failed: ${stderr.trim().slice(-800)}`));
      if (/Warning/.test(stderr)) return reject(new Error(`${cmd} printed a warning: ${stderr.trim()}`));
      const m = /TIME ([\d.]+) ([\d.]+) (\d+)/.exec(stderr);
      resolve({
        ms,
        cpuMs: m ? (Number(m[1]) + Number(m[2])) * 1000 : 0,
        rssMiB: m ? Number(m[3]) / 1024 : 0,
        stdout,
      });
    });
  });
}

// A plain node for our push: not tsx's loader (NODE_OPTIONS), and not NODE_EXTRA_CA_CERTS (the
// registry's CA goes in as REGISTRY_CA, as the step passes it).
const { NODE_OPTIONS: _o, NODE_EXTRA_CA_CERTS: _c, ...nodeEnv } = process.env;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

interface Inputs {
  readonly a: string;
  readonly b: string | undefined;
}

async function makeInputs(work: string, c: Case): Promise<Inputs> {
  const layers = (changed: boolean) =>
    Array.from({ length: c.layers }, (_, i) => ({
      size: c.layerMiB * MiB,
      seed: `${c.name}-${i}${changed && i === c.layers - 1 ? '-changed' : ''}`,
    }));
  const dir = join(work, c.name.replace(/\W+/g, '-'));
  await run('mkdir', ['-p', dir]);
  const archiveA = (await writeDockerArchive(join(dir, 'a.tar'), layers(false))).path;
  const archiveB = c.scenarios.includes('changed')
    ? (await writeDockerArchive(join(dir, 'b.tar'), layers(true))).path
    : undefined;
  if (c.kind === 'archive') return { a: archiveA, b: archiveB };
  const layout = async (archive: string, name: string): Promise<string> => {
    await run('skopeo', ['copy', '--quiet', `docker-archive:${archive}`, `oci:${join(dir, name)}:latest`]);
    return join(dir, name);
  };
  return { a: await layout(archiveA, 'a'), b: archiveB ? await layout(archiveB, 'b') : undefined };
}

type Tool = 'ours' | 'skopeo' | 'floor';
/** Small OCI images, where start-up is most of a push, also time the runtime's floor. */
const withFloor = (c: Case): boolean => c.kind === 'oci' && isSmall(c);
/** Each round's order: ours and skopeo alternate; with the floor, the three rotate. */
function orderFor(c: Case, round: number): Tool[] {
  if (!withFloor(c)) return round % 2 === 0 ? ['ours', 'skopeo'] : ['skopeo', 'ours'];
  const tools: Tool[] = ['ours', 'skopeo', 'floor'];
  const k = ((round % 3) + 3) % 3;
  return [...tools.slice(k), ...tools.slice(0, k)];
}

interface Result {
  readonly ours: number;
  readonly ratio: number;
  readonly rss: number;
  /** The node floor's ratio to skopeo in the same rounds (small OCI cases, cold). */
  readonly floorRatio?: number;
}

/** One script of this folder bundled as the shipped steps are (scripts/esbuild-options.mjs: minified ESM). */
async function bundleScript(entry: string, outdir: string): Promise<string> {
  await build({
    ...entryBundleOptions,
    entryPoints: [join(import.meta.dirname, entry)],
    outdir,
    logLevel: 'warning',
  });
  return join(outdir, entry.replace(/\.ts$/, '.mjs'));
}

/** The registry as the tools reach it: itself, or behind a relay adding RTT_MS (stopped with `stop`). */
async function reachable(registry: Registry, relay: string): Promise<Reachable> {
  if (RTT_MS <= 0) return { ...registry, stop: async () => undefined };
  const child = spawn(process.execPath, [relay, String(registry.port), String(RTT_MS / 2)], {
    env: nodeEnv,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const port = await new Promise<string>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) =>
      reject(new Error(`the relay (lag-proxy) ended before it listened: ${code}`)),
    );
    child.stdout.setEncoding('utf8').once('data', (line: string) => resolve(line.trim()));
  });
  const stop = async () => {
    child.stdin.end();
    if (child.exitCode === null) await new Promise((resolve) => child.once('exit', resolve));
  };
  return { ...registry, url: `https://localhost:${port}`, host: `localhost:${port}`, stop };
}

type Reachable = Pick<Registry, 'url' | 'host' | 'caFile' | 'caDir'> & { stop(): Promise<void> };

/** One table row: medians of wall time and CPU, their ratio, the peak RSS of each side. */
function formatRow(label: string, o: readonly Sample[], s: readonly Sample[]): string {
  const om = median(o.map((x) => x.ms));
  const sm = median(s.map((x) => x.ms));
  return [
    label.padEnd(28),
    `${om.toFixed(0)} ms`.padStart(9),
    `${sm.toFixed(0)} ms`.padStart(9),
    `${(om / sm).toFixed(2)}x`.padStart(7),
    `${median(o.map((x) => x.cpuMs)).toFixed(0)} ms`.padStart(9),
    `${median(s.map((x) => x.cpuMs)).toFixed(0)} ms`.padStart(9),
    `${Math.max(...o.map((x) => x.rssMiB)).toFixed(0)} MiB`.padStart(9),
    `${Math.max(...s.map((x) => x.rssMiB)).toFixed(0)} MiB`.padStart(9),
  ].join(' ');
}

/** The targets of issue 19, each checked against this run's medians. */
function doneWhen(results: ReadonlyMap<string, Result>): string[] {
  const targets: [string, string, (r: Result) => number, number, string][] = [
    ['archive 128 MiB cold', 'ratio', (r) => r.ratio, 1.0, 'x'],
    ['archive 512 MiB cold', 'ratio', (r) => r.ratio, 1.0, 'x'],
    ['archive 16 MiB cold', 'ratio', (r) => r.ratio, 1.3, 'x'],
    ['archive 10x4 MiB cold', 'ratio', (r) => r.ratio, 1.0, 'x'],
    ['archive 128 MiB warm', 'wall', (r) => r.ours / 1000, 0.3, ' s'],
    ['archive 10x4 MiB changed', 'ratio', (r) => r.ratio, 1.2, 'x'],
    ['oci 1 MiB cold', 'ratio', (r) => r.ratio, 1.3, 'x'],
    ['oci 50x1 MiB cold', 'ratio', (r) => r.ratio, 0.6, 'x'],
    ['archive 512 MiB cold', 'peak RSS', (r) => r.rss, 150, ' MiB'],
    ['oci 512 MiB cold', 'peak RSS', (r) => r.rss, 150, ' MiB'],
  ];
  return targets.flatMap(([name, what, value, limit, unit]) => {
    const r = results.get(name);
    if (!r) return [];
    const v = value(r);
    const shown = `${v.toFixed(unit === 'x' ? 2 : unit === ' s' ? 3 : 0)}${unit}`;
    const floor =
      what === 'ratio' && r.floorRatio !== undefined ? `; node floor ${r.floorRatio.toFixed(2)}x` : '';
    return [
      `  ${v <= limit ? 'met ' : 'MISS'} ${`${name} ${what}`.padEnd(36)} ${shown} (target <= ${limit}${unit}${floor})`,
    ];
  });
}

async function main(): Promise<void> {
  const work = await makeTempDir('ecr-bench');
  const load: string[] = [
    `start ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  ];
  try {
    const version = execFileSync(NODE, ['--version']).toString().trim();
    const cli = await bundleScript('push-cli.ts', join(work, 'ours'));
    const floorCli = await bundleScript('node-floor.ts', join(work, 'floor'));
    const relay = RTT_MS > 0 ? await bundleScript('lag-proxy.ts', join(work, 'relay')) : '';
    const record = join(work, 'layer-record');
    const push = async (
      tool: Tool,
      r: Reachable,
      input: string,
      kind: Case['kind'],
      tag = 'latest',
    ): Promise<Sample> => {
      if (tool !== 'skopeo') {
        return timed(NODE, [tool === 'ours' ? cli : floorCli, input, r.url, 'bench/app', tag], {
          ...nodeEnv,
          ...(tool === 'ours' ? { LAYER_RECORD: record } : {}),
          REGISTRY_USER: user.user,
          REGISTRY_PASSWORD: user.password,
          REGISTRY_CA: r.caFile as string,
        });
      }
      const authFile = join(work, 'auth.json');
      const auth = Buffer.from(`${user.user}:${user.password}`).toString('base64');
      await writeFile(authFile, JSON.stringify({ auths: { [r.host]: { auth } } }), { mode: 0o600 });
      const src = kind === 'archive' ? `docker-archive:${input}` : `oci:${input}:latest`;
      return timed(
        'skopeo',
        [
          'copy',
          '--quiet',
          '--dest-cert-dir',
          r.caDir as string,
          '--dest-authfile',
          authFile,
          src,
          `docker://${r.host}/bench/app:${tag}`,
        ],
        process.env,
      );
    };

    const rows: string[] = [];
    const results = new Map<string, Result>();
    for (const c of cases()) {
      const inputs = await makeInputs(work, c);
      const samples = new Map<string, Sample[]>();
      const add = (key: string, s: Sample) => samples.set(key, [...(samples.get(key) ?? []), s]);
      for (let round = -1; round < pairsFor(c); round++) {
        for (const tool of orderFor(c, round)) {
          const bed = await startRegistry({ users: [user], tls: { hostnames: ['localhost'] } });
          const registry = await reachable(bed, relay);
          try {
            const cold = await push(tool, registry, inputs.a, c.kind);
            if (tool === 'floor') {
              if (round >= 0) add('floor cold', cold);
              continue;
            }
            const warm = c.scenarios.includes('warm')
              ? await push(tool, registry, inputs.a, c.kind)
              : undefined;
            const retag = c.scenarios.includes('retag')
              ? await push(tool, registry, inputs.a, c.kind, 'other')
              : undefined;
            const changed = inputs.b ? await push(tool, registry, inputs.b, c.kind) : undefined;
            for (const [what, sample] of [
              ['warm', warm],
              ['new-tag', retag],
            ] as const) {
              if (tool !== 'ours' || !sample) continue;
              const w = JSON.parse(sample.stdout) as { uploaded: number; layers: string[] };
              if (w.uploaded > 0 || w.layers.some((l) => l !== 'reused'))
                throw new Error(`${c.name}: the ${what} push sent or compressed something: ${sample.stdout}`);
            }
            if (round < 0) continue; // warms the page cache and the binaries up
            add(`${tool} cold`, cold);
            if (warm) add(`${tool} warm`, warm);
            if (retag) add(`${tool} retag`, retag);
            if (changed) add(`${tool} changed`, changed);
          } finally {
            await registry.stop();
            await bed.stop();
          }
        }
      }
      const floor = samples.get('floor cold');
      for (const scenario of c.scenarios) {
        const o = samples.get(`ours ${scenario}`) ?? [];
        const s = samples.get(`skopeo ${scenario}`) ?? [];
        const label = scenario === 'changed' ? '1 changed' : scenario === 'retag' ? 'new tag' : scenario;
        rows.push(formatRow(`${c.name} ${label}`, o, s));
        const om = median(o.map((x) => x.ms));
        const sm = median(s.map((x) => x.ms));
        results.set(`${c.name} ${scenario}`, {
          ours: om,
          ratio: om / sm,
          rss: Math.max(...o.map((x) => x.rssMiB)),
          ...(scenario === 'cold' && floor ? { floorRatio: median(floor.map((x) => x.ms)) / sm } : {}),
        });
        console.log(rows.at(-1));
      }
      if (floor) {
        rows.push(formatRow(`${c.name} cold, node floor`, floor, samples.get('skopeo cold') ?? []));
        console.log(rows.at(-1));
      }
      await removeTree(join(work, c.name.replace(/\W+/g, '-')));
    }
    load.push(
      `end ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    console.log(
      `\nDaemonless push (node ${version}) vs skopeo copy, TLS registry on loopback${RTT_MS > 0 ? ` behind a ${RTT_MS} ms round trip` : ''}, median of ${RUNS} alternating pairs (${SMALL_RUNS} for images of 16 MiB or less; load ${load.join(', ')}):`,
    );
    console.log(
      `${'case'.padEnd(28)} ${'ours'.padStart(9)} ${'skopeo'.padStart(9)} ${'ratio'.padStart(7)} ${'ours CPU'.padStart(9)} ${'sk. CPU'.padStart(9)} ${'ours RSS'.padStart(9)} ${'sk. RSS'.padStart(9)}`,
    );
    for (const row of rows) console.log(row);
    if (rows.some((row) => row.includes('node floor')))
      console.log(
        '(node floor: the same requests over bare node:https, nothing of ours; its ratio is what node alone costs against skopeo)',
      );
    if (RTT_MS > 0) return; // the targets are for loopback
    console.log('\nIssue 19 "Done when" (cases not run are left out):');
    for (const line of doneWhen(results)) console.log(line);
  } finally {
    await removeTree(work);
  }
}

await main();
