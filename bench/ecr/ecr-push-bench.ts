// Benchmark: the same image (5 layers of 48 MiB random data, gzip'd: ~240 MB) pushed to the same
// local registry (Debian docker-registry, plain HTTP on loopback) by our daemonless push, `skopeo
// copy` and `docker push`: cold (empty registry), warm (all blobs present), one changed layer.
// Prints the median of RUNS runs, the ratios, and the peak RSS of our push for a small and a large
// layer (memory flat in layer size). Run: cd bench && npx tsx ecr/ecr-push-bench.ts
import { spawn } from 'node:child_process';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'esbuild';
import {
  makeTempDir,
  type Registry,
  run,
  startDockerd,
  startRegistry,
} from '../../test/support/registry/index.js';
import { makeLayer, makeLayout } from './make-layout.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const LAYERS = 5;
const LAYER_MB = 48;
const user = { user: 'bench', password: 'bench-password-not-secret' };

interface Timed {
  seconds: number;
  rssKiB: number;
  stdout: string;
}

/** Runs a command under /usr/bin/time; wall time measured here, peak RSS from time(1). */
function timed(
  cmd: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
  input?: string,
): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn('/usr/bin/time', ['-f', 'RSS=%M', cmd, ...args], {
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = (performance.now() - t0) / 1000;
      if (code !== 0) return reject(new Error(`${cmd} ${args.join(' ')} failed: ${stderr.trim()}`));
      resolve({ seconds, rssKiB: Number(/RSS=(\d+)/.exec(stderr)?.[1] ?? 0), stdout });
    });
    child.stdin.end(input ?? '');
  });
}

// A plain node for our push: not tsx's loader (NODE_OPTIONS), and not this machine's
// NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt, which alone adds ~0.1 s to every node
// start here (the registry is plain HTTP; a CI runner does not set it).
const { NODE_OPTIONS: _o, NODE_EXTRA_CA_CERTS: _c, ...nodeEnv } = process.env;

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const fmt = (s: number): string => `${s.toFixed(2)} s`;

async function main(): Promise<void> {
  const work = await makeTempDir('ecr-bench');
  const dockerd = await startDockerd();
  try {
    console.log(`Building the image: ${LAYERS} layers x ${LAYER_MB} MiB random data (gzip -1) ...`);
    const store = join(work, 'store');
    const layers = [];
    for (let i = 0; i < LAYERS; i++) layers.push(await makeLayer(store, LAYER_MB, `data/layer-${i}.bin`));
    const changed = await makeLayer(store, LAYER_MB, 'data/layer-changed.bin');
    const layoutA = join(work, 'a');
    const layoutB = join(work, 'b');
    await makeLayout(layoutA, layers, 'latest');
    await makeLayout(layoutB, [...layers.slice(0, -1), changed], 'latest');
    const total = layers.reduce((s, l) => s + l.size, 0);
    console.log(`Image: ${(total / 1e6).toFixed(0)} MB in ${LAYERS} layers.`);

    const cli = join(work, 'push-cli.mjs');
    await build({
      entryPoints: [join(import.meta.dirname, 'push-cli.ts')],
      outfile: cli,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      logLevel: 'warning',
      banner: {
        js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
      },
    });

    const daemonHost = ['--dest-daemon-host', dockerd.host];
    await run('skopeo', [
      'copy',
      '--quiet',
      ...daemonHost,
      `oci:${layoutA}:latest`,
      'docker-daemon:bench/app:a',
    ]);
    await run('skopeo', [
      'copy',
      '--quiet',
      ...daemonHost,
      `oci:${layoutB}:latest`,
      'docker-daemon:bench/app:b',
    ]);

    const authFile = join(work, 'auth.json');
    const tools = {
      ours: async (r: Registry, layout: string, tag: string) =>
        timed(process.execPath, [cli, layout, r.url, 'bench/app', tag], {
          ...nodeEnv,
          REGISTRY_USER: user.user,
          REGISTRY_PASSWORD: user.password,
        }),
      skopeo: async (r: Registry, layout: string, tag: string) => {
        const auth = Buffer.from(`${user.user}:${user.password}`).toString('base64');
        await writeFile(authFile, JSON.stringify({ auths: { [r.host]: { auth } } }), { mode: 0o600 });
        return timed('skopeo', [
          'copy',
          '--quiet',
          '--dest-tls-verify=false',
          '--dest-authfile',
          authFile,
          `oci:${layout}:latest`,
          `docker://${r.host}/bench/app:${tag}`,
        ]);
      },
      docker: async (r: Registry, layout: string, tag: string) => {
        const local = layout === layoutA ? 'bench/app:a' : 'bench/app:b';
        await dockerd.docker(['tag', local, `${r.host}/bench/app:${tag}`]);
        return timed('docker', ['push', '--quiet', `${r.host}/bench/app:${tag}`], {
          ...process.env,
          ...dockerd.env,
        });
      },
    } as const;

    type Tool = keyof typeof tools;
    const results: Record<Tool, { cold: number[]; warm: number[]; changed: number[]; rss: number[] }> = {
      ours: { cold: [], warm: [], changed: [], rss: [] },
      skopeo: { cold: [], warm: [], changed: [], rss: [] },
      docker: { cold: [], warm: [], changed: [], rss: [] },
    };
    for (let runNo = 1; runNo <= RUNS; runNo++) {
      for (const tool of Object.keys(tools) as Tool[]) {
        const registry = await startRegistry({ users: [user] });
        try {
          if (tool === 'docker') {
            await dockerd.docker(['login', '--username', user.user, '--password-stdin', registry.host], {
              input: user.password,
            });
          }
          const cold = await tools[tool](registry, layoutA, 'a');
          const warm = await tools[tool](registry, layoutA, 'a');
          const changedRun = await tools[tool](registry, layoutB, 'b');
          results[tool].cold.push(cold.seconds);
          results[tool].warm.push(warm.seconds);
          results[tool].changed.push(changedRun.seconds);
          results[tool].rss.push(cold.rssKiB);
          if (tool === 'ours') {
            const w = JSON.parse(warm.stdout) as { outcomes: string[] };
            if (w.outcomes.some((o) => o !== 'skipped')) throw new Error('warm push uploaded something');
          }
          console.log(
            `run ${runNo} ${tool.padEnd(6)} cold ${fmt(cold.seconds)}  warm ${fmt(warm.seconds)}  one changed layer ${fmt(changedRun.seconds)}`,
          );
        } finally {
          await registry.stop();
        }
      }
    }

    console.log(
      `\nMedian of ${RUNS} runs, ${(total / 1e6).toFixed(0)} MB image, ${LAYERS} layers, local registry over loopback HTTP:`,
    );
    console.log('scenario            ours       skopeo     docker     skopeo/ours  docker/ours');
    for (const scenario of ['cold', 'warm', 'changed'] as const) {
      const o = median(results.ours[scenario]);
      const s = median(results.skopeo[scenario]);
      const d = median(results.docker[scenario]);
      const label = scenario === 'changed' ? 'one changed layer' : scenario;
      console.log(
        `${label.padEnd(19)} ${fmt(o).padEnd(10)} ${fmt(s).padEnd(10)} ${fmt(d).padEnd(10)} ${(s / o).toFixed(2).padEnd(12)} ${(d / o).toFixed(2)}`,
      );
    }
    console.log(
      `peak RSS (cold)     ${(median(results.ours.rss) / 1024).toFixed(0)} MiB    ${(median(results.skopeo.rss) / 1024).toFixed(0)} MiB     docker CLI ${(median(results.docker.rss) / 1024).toFixed(0)} MiB (the daemon does the work)`,
    );

    // Memory flat in layer size: one layer of 16 MiB, 512 MiB, 1.5 GiB.
    const rss: string[] = [];
    for (const mb of [16, 512, 1536]) {
      const big = await makeLayer(join(work, `store-${mb}`), mb, `data/${mb}.bin`);
      const dir = join(work, `one-${mb}`);
      await makeLayout(dir, [big]);
      const registry = await startRegistry({ users: [user] });
      try {
        const r = await tools.ours(registry, dir, 'one');
        rss.push(`${mb} MiB layer: ${(r.rssKiB / 1024).toFixed(0)} MiB peak RSS, ${fmt(r.seconds)}`);
      } finally {
        await registry.stop();
      }
      await rm(dir, { recursive: true, force: true });
      await rm(join(work, `store-${mb}`), { recursive: true, force: true });
    }
    console.log(`daemonless push, memory vs layer size: ${rss.join('; ')}`);
  } finally {
    await dockerd.stop();
    await rm(work, { recursive: true, force: true });
  }
}

await main();
