// Bundles a package's entry files into dist/: one ES module per entry (src/github.ts -> github.js,
// src/entries/<ci>.ts -> <ci>.js) plus the chunks they load on demand, the
// package.json that makes them ES modules, and THIRD_PARTY_NOTICES.md. The entries export `run()`
// (tools like @github/local-action import them); each bundle is a small wrapper that calls it.
// Run from a package folder (`pnpm bundle`); `bundlePackage` is what scripts/check-dist.mjs rebuilds with.
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { DIST_PACKAGE_JSON, entryBundleOptions } from './esbuild-options.mjs';
import { bundledPackages, thirdPartyNotice } from './third-party-notices.mjs';

export const REPO_ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
/** Where entry files live: `src/<ci>.ts` (the first CIs' entries) or `src/entries/<ci>.ts` (any CI). */
export const ENTRY_DIRS = ['src', 'src/entries'];
export const NOTICE_FILE = 'THIRD_PARTY_NOTICES.md';
const NAMESPACE = 'aws-ci-kit-entry';

/** An entry that exports `run` is bundled through a wrapper that calls it; one that runs on import, as is. */
function exportsRun(source) {
  return /^export\s+(async\s+function|function|const|let)\s+run\b|^export\s*\{[^}]*\brun\b[^}]*\}/m.test(
    source,
  );
}

/** @type {(packageDir: string) => import('esbuild').Plugin} */
const autoRun = (packageDir) => ({
  name: 'auto-run-entry',
  setup(builder) {
    builder.onResolve({ filter: new RegExp(`^${NAMESPACE}:`) }, (args) => ({
      path: args.path.slice(NAMESPACE.length + 1),
      namespace: NAMESPACE,
    }));
    builder.onLoad({ filter: /.*/, namespace: NAMESPACE }, (args) => ({
      contents: `import { run } from ${JSON.stringify(`./${args.path}`)};\nvoid run();\n`,
      resolveDir: packageDir,
      loader: 'js',
    }));
  },
});

/** Every file under `dir`, relative, `/`-separated, sorted. */
export function listFiles(dir) {
  const out = [];
  const walk = (at) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const path = join(at, entry.name);
      if (entry.isDirectory()) walk(path);
      else out.push(relative(dir, path).split(sep).join('/'));
    }
  };
  if (existsSync(dir)) walk(dir);
  return out.sort();
}

/**
 * Makes `target` hold exactly the files of `source`: writes only files whose bytes changed (each
 * through a rename, so a concurrent reader never sees half a file) and deletes the rest. An
 * unchanged rebuild touches nothing, so tests that run the bundles can rebuild at any time.
 */
function syncTree(source, target) {
  const fresh = listFiles(source);
  for (const file of fresh) {
    const from = join(source, file);
    const to = join(target, file);
    const bytes = readFileSync(from);
    if (existsSync(to) && readFileSync(to).equals(bytes)) continue;
    mkdirSync(dirname(to), { recursive: true });
    renameSync(from, to);
  }
  for (const file of listFiles(target)) if (!fresh.includes(file)) rmSync(join(target, file));
  for (const dir of readdirSync(target, { withFileTypes: true }))
    if (dir.isDirectory() && listFiles(join(target, dir.name)).length === 0)
      rmSync(join(target, dir.name), { recursive: true });
}

/** Imports an adapter package (`@aws-ci-kit/<ci>-adapter`): what makes a source file a CI's entry. */
const IMPORTS_ADAPTER =
  /^\s*(?:import|export)\b[^;]*?\bfrom\s*['"]@aws-ci-kit\/[a-z0-9-]+-adapter(?:\/[^'"]*)?['"]/m;

/** A command's entries: the `bin` files of its package.json (`dist/cli.js` <- `src/cli.ts`). */
function binEntries(packageDir) {
  const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
  const bins = typeof manifest.bin === 'string' ? [manifest.bin] : Object.values(manifest.bin ?? {});
  const found = [];
  for (const bin of bins) {
    const name = /^(?:\.\/)?dist\/([^/]+)\.js$/.exec(bin)?.[1];
    if (name !== undefined && existsSync(join(packageDir, 'src', `${name}.ts`)))
      found.push([name, `src/${name}.ts`]);
  }
  return found;
}

/** A step's entries: every `src/*.ts` or `src/entries/*.ts` file (tests aside) that imports an adapter. */
function adapterEntries(packageDir) {
  const found = [];
  for (const dir of ENTRY_DIRS) {
    if (!existsSync(join(packageDir, dir))) continue;
    for (const file of readdirSync(join(packageDir, dir), { withFileTypes: true })) {
      if (!file.isFile() || !/^[^.]+\.ts$/.test(file.name)) continue;
      const source = readFileSync(join(packageDir, dir, file.name), 'utf8');
      if (IMPORTS_ADAPTER.test(source)) found.push([file.name.slice(0, -3), `${dir}/${file.name}`]);
    }
  }
  return found;
}

/**
 * A package's entries, by pattern, never by a list of CIs: a command (a package.json with `bin`) has
 * its bin files; a step has every `src/*.ts` or `src/entries/*.ts` that imports an adapter (only
 * entries may: biome.json). The output is named after the file (`src/entries/gitlab.ts` ->
 * `dist/gitlab.js`), so a new CI's entry is one new file. Returns name -> path relative to `packageDir`.
 */
export function findEntries(packageDir) {
  const bins = binEntries(packageDir);
  const found = new Map();
  for (const [name, path] of bins.length > 0 ? bins : adapterEntries(packageDir)) {
    if (found.has(name))
      throw new Error(`${packageDir}: two entries named ${name} (${found.get(name)}, ${path})`);
    found.set(name, path);
  }
  return new Map([...found].sort(([a], [b]) => a.localeCompare(b)));
}

/**
 * Builds `packageDir`'s entries into `outDir` (no stale chunk survives) and returns the metafile
 * and the bundled packages.
 */
export async function bundlePackage(packageDir, outDir = join(packageDir, 'dist')) {
  const entries = findEntries(packageDir);
  if (entries.size === 0)
    throw new Error(
      `${packageDir}: no entry (a bin, or a src/*.ts or src/entries/*.ts that imports an adapter)`,
    );
  const names = [...entries.keys()];
  const entryPoints = {};
  for (const [name, path] of entries) {
    const source = readFileSync(join(packageDir, path), 'utf8');
    entryPoints[name] = exportsRun(source) ? `${NAMESPACE}:${path}` : `./${path}`;
  }
  mkdirSync(outDir, { recursive: true });
  // Built beside outDir (same file system, for the renames), under a name of its own.
  const staging = mkdtempSync(`${outDir}.build-`);
  try {
    const result = await build({
      ...entryBundleOptions,
      absWorkingDir: packageDir,
      entryPoints,
      outdir: staging,
      metafile: true,
      logLevel: 'warning',
      plugins: [...entryBundleOptions.plugins, autoRun(packageDir)],
    });
    // The entries keep the names the manifests give (`dist/github.js`, `dist/azure.js`); the chunks
    // stay `.mjs`. Nothing imports an entry, so renaming them breaks no import.
    let metaText = JSON.stringify(result.metafile);
    for (const name of names) {
      renameSync(join(staging, `${name}.mjs`), join(staging, `${name}.js`));
      metaText = metaText.replaceAll(`/${name}.mjs"`, `/${name}.js"`);
    }
    writeFileSync(join(staging, 'package.json'), DIST_PACKAGE_JSON);
    const packages = bundledPackages(result.metafile, packageDir);
    const title = `${relative(REPO_ROOT, packageDir).split(sep).join('/')}/dist`;
    writeFileSync(join(staging, NOTICE_FILE), thirdPartyNotice(title, packages));
    syncTree(staging, outDir);
    const metafile = JSON.parse(
      metaText.replaceAll(relative(packageDir, staging), relative(packageDir, outDir)),
    );
    return { names, metafile, packages };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/**
 * The files each entry loads at start (itself and the chunks it imports statically, as the
 * metafile names them), by entry name.
 */
export function startupFiles(metafile, outDir, packageDir, names) {
  const outputs = metafile.outputs; // keys and imports relative to packageDir
  const files = {};
  for (const file of Object.keys(outputs)) {
    if (!names.some((name) => join(packageDir, file) === join(outDir, `${name}.js`))) continue;
    const seen = new Set();
    const visit = (path) => {
      if (seen.has(path)) return;
      seen.add(path);
      for (const imp of outputs[path]?.imports ?? [])
        if (imp.kind === 'import-statement' && !imp.external) visit(imp.path);
    };
    visit(file);
    files[relative(outDir, join(packageDir, file)).split(sep).join('/')] = [...seen];
  }
  return files;
}

/** Bytes each entry loads at start (itself and the chunks it imports statically), by entry name. */
export function startupBytes(metafile, outDir, packageDir, names) {
  const files = startupFiles(metafile, outDir, packageDir, names);
  return Object.fromEntries(
    Object.entries(files).map(([name, paths]) => [
      name,
      paths.reduce((sum, path) => sum + (metafile.outputs[path]?.bytes ?? 0), 0),
    ]),
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const packageDir = process.cwd();
  const outDir = join(packageDir, 'dist');
  const { metafile, names } = await bundlePackage(packageDir, outDir);
  const start = startupBytes(metafile, outDir, packageDir, names);
  const files = listFiles(outDir).map((file) => ({ file, size: statSync(join(outDir, file)).size }));
  const total = files.reduce((sum, f) => sum + f.size, 0);
  const largest = files.reduce((a, b) => (b.size > a.size ? b : a));
  for (const [name, bytes] of Object.entries(start))
    console.log(`dist/${name} ${(bytes / 1024).toFixed(0)} KiB with the chunks it loads at start`);
  console.log(
    `dist/ ${(total / 1024).toFixed(0)} KiB in ${files.length} files, largest ${largest.file} ${(largest.size / 1024).toFixed(0)} KiB`,
  );
}
