// Which code a bundle's entries load: builds a package's entries (as scripts/bundle.mjs does, into a
// scratch folder) and prints each output file with its bytes, the chunks it imports statically and
// on demand, and its largest inputs; then what each entry loads at start (startupBytes).
// Run: node scripts/chunk-report.mjs packages/aws-credentials [inputs per file, default 4]
// A module imported from a barrel (`@smithy/core/config`, a package's index) counts as reached by
// every entry that imports the barrel: esbuild then puts its code in the chunks those entries load
// at start, even when only an on-demand chunk calls it. This report is how to see that.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { bundlePackage, startupBytes } from './bundle.mjs';

const packageDir = resolve(process.argv[2] ?? 'packages/aws-credentials');
const top = Number(process.argv[3] ?? 4);
const out = mkdtempSync(join(tmpdir(), 'chunk-report-'));
try {
  const { metafile, names } = await bundlePackage(packageDir, out);
  const short = (path) => path.replace(/.*node_modules\//, '').replace(/^(\.\.\/)+/, '');
  const rows = Object.entries(metafile.outputs)
    .filter(([file]) => /\.m?js$/.test(file))
    .sort((a, b) => b[1].bytes - a[1].bytes);
  for (const [file, output] of rows) {
    const imports = (kind) =>
      output.imports.filter((i) => i.kind === kind && !i.external).map((i) => basename(i.path));
    const inputs = Object.entries(output.inputs)
      .filter(([, input]) => input.bytesInOutput > 0)
      .sort((a, b) => b[1].bytesInOutput - a[1].bytesInOutput)
      .slice(0, top)
      .map(([path, input]) => `${short(path)} ${input.bytesInOutput}`);
    console.log(`${basename(file)}  ${output.bytes} bytes`);
    console.log(`  static: ${imports('import-statement').join(' ') || '-'}`);
    console.log(`  on demand: ${imports('dynamic-import').join(' ') || '-'}`);
    for (const input of inputs) console.log(`    ${input}`);
  }
  console.log('\nloaded at start (entry + static chunks):', startupBytes(metafile, out, packageDir, names));
} finally {
  rmSync(out, { recursive: true, force: true });
}
