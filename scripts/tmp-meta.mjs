import { build } from 'esbuild';
import { entryBundleOptions } from '/work/wt/bundles/scripts/esbuild-options.mjs';
const entry = process.argv[2];
const r = await build({ entryPoints: [entry], outfile: '/tmp/metaout/x.js', ...entryBundleOptions, metafile: true, write: false, logLevel: 'warning' });
const out = Object.values(r.metafile.outputs)[0];
const byPkg = {};
for (const [f, v] of Object.entries(out.inputs)) {
  const m = f.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*node_modules)/);
  const k = m ? m[1] : f.split('/').slice(0, 3).join('/');
  byPkg[k] = (byPkg[k] ?? 0) + v.bytesInOutput;
}
console.log('total', (out.bytes/1024).toFixed(0));
for (const [k, v] of Object.entries(byPkg).sort((a, b) => b[1] - a[1]).slice(0, 40)) console.log((v/1024).toFixed(1).padStart(7), k);
