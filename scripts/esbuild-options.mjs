// The one set of esbuild options for every bundle an entry file becomes: the shipped bundles
// (scripts/bundle.mjs) and the bundles tests and benchmarks make of their own entries.

/**
 * Packages whose import has no side effect we rely on. esbuild keeps any imported package that
 * does not declare itself side-effect free; these are dropped when nothing calls into them.
 * @actions/core imports @actions/http-client (and undici, about 400 KiB) only for getIDToken, which
 * the GitHub adapter does over node's fetch instead.
 */
const SIDE_EFFECT_FREE = /^@actions\/http-client(\/|$)|^undici(\/|$)|^tunnel$/;

/** @type {import('esbuild').Plugin} */
const sideEffectFree = {
  name: 'side-effect-free',
  setup(build) {
    build.onResolve({ filter: SIDE_EFFECT_FREE }, async (args) => {
      if (args.pluginData?.sideEffectFree) return undefined;
      const resolved = await build.resolve(args.path, {
        kind: args.kind,
        importer: args.importer,
        resolveDir: args.resolveDir,
        pluginData: { sideEffectFree: true },
      });
      return resolved.errors.length > 0 ? undefined : { path: resolved.path, sideEffects: false };
    });
  },
};

/** One minified CommonJS file per entry, for node 20 and 24 (GitHub `node24`, Azure `Node20_1`/`Node24`). */
export const entryBundleOptions = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: true,
  legalComments: 'none',
  mainFields: ['module', 'main'],
  plugins: [sideEffectFree],
};
