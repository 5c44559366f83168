// Bundles a capability package's entry files (src/github.ts, src/azure.ts) into one minified
// CommonJS file each in dist/, for GitHub's node24 and Azure's Node20_1/Node24 handlers.
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { entryBundleOptions } from './esbuild-options.mjs';

const cwd = process.cwd();
const entries = ['github', 'azure', 'cli'].filter((name) => existsSync(join(cwd, 'src', `${name}.ts`)));
mkdirSync(join(cwd, 'dist'), { recursive: true });
writeFileSync(join(cwd, 'dist', 'package.json'), '{ "type": "commonjs" }\n');
for (const name of entries) {
  const outfile = join(cwd, 'dist', `${name}.js`);
  await build({
    entryPoints: [join(cwd, 'src', `${name}.ts`)],
    outfile,
    ...entryBundleOptions,
    logLevel: 'warning',
  });
  console.log(`${outfile.slice(cwd.length + 1)} ${(statSync(outfile).size / 1024).toFixed(0)} KiB`);
}
