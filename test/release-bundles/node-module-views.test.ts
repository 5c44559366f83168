// node:http and node:tls reach every bundle as node's own modules, never as their ES-module views:
// node builds a view by reading every export, and from node 22 `http.WebSocket` is a getter that
// loads node's fetch (undici), 25-45 ms at the start of a push on node 24 (the actions' runtime);
// `tls.rootCertificates` makes 144 PEM strings. The bundler (scripts/esbuild-options.mjs,
// `without-module-views`) gives their imports the modules themselves; these tests check the
// committed bundles' bytes and what a bundle loads on node 20 and 24.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { listFiles } from '../../scripts/bundle.mjs';
import { entryBundleOptions } from '../../scripts/esbuild-options.mjs';

const ROOT = join(import.meta.dirname, '..', '..');
const NODE24 = join(import.meta.dirname, '..', 'node_modules', 'node24', 'bin', 'node');
/** An ES-module import of node:http or node:tls: static (`from"node:http"`, `import"tls"`) or `import("http")`. */
const VIEW_IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s*)["'](?:node:)?(?:http|tls)["']/;
const scratch = mkdtempSync(join(tmpdir(), 'node-module-views-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const SHIPPED = ['aws-credentials', 'ecr-push', 'ssm-secret', 'aws-cli', 'shell-script', 'cli'];

describe.each(SHIPPED)('packages/%s/dist', (pkg) => {
  it('imports node:http and node:tls nowhere as ES modules', () => {
    const dist = join(ROOT, 'packages', pkg, 'dist');
    const js = listFiles(dist).filter((file) => /\.m?js$/.test(file));
    expect(js.length).toBeGreaterThan(0);
    expect(js.filter((file) => VIEW_IMPORT.test(readFileSync(join(dist, file), 'utf8')))).toEqual([]);
  });
});

// Every form of import the bundled code uses (ours: named; the SDK: default and on demand; the
// proxy agent: namespace), and what a run reads from them.
const ENTRY = `
import { Agent, request, STATUS_CODES } from 'node:http';
import http from 'node:http';
import * as ns from 'http';
import { createSecureContext } from 'node:tls';
import * as tls from 'tls';
const later = await import('node:http');
const agent = new Agent({ keepAlive: true });
agent.destroy();
process.stdout.write(JSON.stringify({
  request: typeof request,
  same: http.Agent === Agent && ns.request === request && later.request === request && later.default === http,
  tls: typeof createSecureContext === 'function' && tls.connect === tls.default.connect,
  ok: STATUS_CODES[200],
  undici: process.moduleLoadList.some((m) => m.includes('undici')),
}));
`;

async function bundle(
  name: string,
  plugins: NonNullable<typeof entryBundleOptions.plugins>,
  source = ENTRY,
): Promise<string> {
  const dir = join(scratch, name);
  const entry = join(scratch, `${name}.ts`);
  writeFileSync(entry, source);
  await build({ ...entryBundleOptions, plugins, entryPoints: [entry], outdir: dir, logLevel: 'silent' });
  return join(dir, `${name}.mjs`);
}

const runOn = (node: string, file: string) =>
  JSON.parse(execFileSync(node, [file], { env: { PATH: process.env.PATH ?? '' } }).toString());

describe('a bundle that imports node:http and node:tls', () => {
  it.each([
    ['node 20', process.execPath],
    ['node 24', NODE24],
  ])('runs on %s with the modules themselves, node fetch not loaded', async (_name, node) => {
    const file = await bundle('shipped', entryBundleOptions.plugins);
    expect(readFileSync(file, 'utf8')).not.toMatch(VIEW_IMPORT);
    expect(runOn(node, file)).toEqual({
      request: 'function',
      same: true,
      tls: true,
      ok: 'OK',
      undici: false,
    });
  });

  it('loads node fetch on node 24 through the ES-module view (what the bundler avoids)', async () => {
    const plain = entryBundleOptions.plugins.filter((plugin) => plugin.name !== 'without-module-views');
    const file = await bundle('view', plain);
    expect(readFileSync(file, 'utf8')).toMatch(VIEW_IMPORT);
    expect(runOn(NODE24, file)).toMatchObject({ request: 'function', same: true, tls: true, undici: true });
  });

  it.each([
    ['a named import', `import { WebSocket } from 'node:http';\nconsole.log(WebSocket);`],
    ['a namespace read', `import * as tls from 'node:tls';\nconsole.log(tls.rootCertificates);`],
  ])('refuses at build time a read of a left-out getter (%s)', async (_how, source) => {
    await expect(bundle('getter', entryBundleOptions.plugins, source)).rejects.toThrow(
      /WebSocket|rootCertificates/,
    );
  });
});
