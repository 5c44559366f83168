// The one set of esbuild options for every bundle an entry file becomes: the shipped bundles
// (scripts/bundle.mjs) and the bundles tests and benchmarks make of their own entries.

/**
 * Packages whose modules have no side effect we rely on. esbuild keeps every module of a package
 * that does not declare itself side-effect free, with its imports of node's modules, even when
 * nothing calls into it; these are dropped when nothing does.
 * - @actions/core imports @actions/http-client (and undici, about 400 KiB) only for getIDToken,
 *   which the GitHub adapter does over node's fetch instead.
 * - @smithy/node-http-handler imports node's http2 (about 5 ms to load) for NodeHttp2Handler,
 *   which no client of ours uses.
 */
const SIDE_EFFECT_FREE = ['@actions/http-client', 'undici', 'tunnel', '@smithy/node-http-handler'];
const escapeRegExp = (text) => text.replace(/[/.*+?^${}()|[\]\\]/g, '\\$&');
const BARE = new RegExp(`^(${SIDE_EFFECT_FREE.map(escapeRegExp).join('|')})(/|$)`);
const INSIDE = new RegExp(
  `[\\\\/]node_modules[\\\\/](${SIDE_EFFECT_FREE.map(escapeRegExp).join('|')})[\\\\/]`,
);

/** @type {import('esbuild').Plugin} */
const sideEffectFree = {
  name: 'side-effect-free',
  setup(build) {
    const mark = async (args) => {
      if (args.pluginData?.sideEffectFree) return undefined;
      const resolved = await build.resolve(args.path, {
        kind: args.kind,
        importer: args.importer,
        resolveDir: args.resolveDir,
        pluginData: { sideEffectFree: true },
      });
      return resolved.errors.length > 0 ? undefined : { path: resolved.path, sideEffects: false };
    };
    build.onResolve({ filter: BARE }, mark);
    // The package's own modules, imported by relative path from inside it.
    build.onResolve({ filter: /^\.\.?\// }, (args) => (INSIDE.test(args.importer) ? mark(args) : undefined));
  },
};

/**
 * node:http and node:tls as node's own modules, not their ES-module views: node builds a view by
 * reading every export at the first `import`, getters included. From node 22 `http.WebSocket` loads
 * node's fetch (undici): 25-45 ms on node 24 (the actions' runtime) at the start of any run that
 * imports node:http (ours, the SDK's http handler and container and instance credentials, the proxy
 * agent); `tls.rootCertificates` turns the 144 bundled roots into PEM strings (4 ms on node 24).
 * Those imports get a module of the names node 20-24 export, less those getters, which no bundled
 * code reads (a read of one fails the build: see logOverride). An ES module, so that esbuild still
 * drops what nothing uses (a CommonJS one it keeps).
 */
const VIEWLESS = {
  http: [
    '_connectionListener',
    'METHODS',
    'STATUS_CODES',
    'Agent',
    'ClientRequest',
    'IncomingMessage',
    'OutgoingMessage',
    'Server',
    'ServerResponse',
    'createServer',
    'validateHeaderName',
    'validateHeaderValue',
    'get',
    'request',
    'setMaxIdleHTTPParsers',
    'setGlobalProxyFromEnv',
    'maxHeaderSize',
    'globalAgent',
  ],
  tls: [
    'CLIENT_RENEG_LIMIT',
    'CLIENT_RENEG_WINDOW',
    'DEFAULT_CIPHERS',
    'DEFAULT_ECDH_CURVE',
    'DEFAULT_MIN_VERSION',
    'DEFAULT_MAX_VERSION',
    'getCiphers',
    'getCertificateCompressionAlgorithms',
    'getCACertificates',
    'setDefaultCACertificates',
    'convertALPNProtocols',
    'checkServerIdentity',
    'createSecureContext',
    'SecureContext',
    'TLSSocket',
    'Server',
    'createServer',
    'connect',
    'createSecurePair',
  ],
};

/** @type {import('esbuild').Plugin} */
const withoutModuleViews = {
  name: 'without-module-views',
  setup(build) {
    // Imports only: the module's own `require` (and any CommonJS package's) is node's.
    build.onResolve({ filter: /^(node:)?(http|tls)$/ }, (args) => {
      const path = args.path.startsWith('node:') ? args.path : `node:${args.path}`;
      return args.kind === 'require-call' ? { path, external: true } : { path, namespace: 'viewless' };
    });
    build.onLoad({ filter: /.*/, namespace: 'viewless' }, (args) => {
      const names = VIEWLESS[args.path.slice('node:'.length)];
      return {
        contents: `const m = require('${args.path}');\nexport default m;\nexport const { ${names.join(', ')} } = m;\n`,
        loader: 'js',
      };
    });
  },
};

/**
 * ES modules for node 20 and 24 (GitHub `node24`, Azure `Node20_1`/`Node24`), split into chunks:
 * every `await import()` in the code (an AWS client, a credential source) becomes its own file that
 * a run loads only when it takes that path, so a run parses the code it uses and no more.
 * The CommonJS packages inside (azure-pipelines-task-lib, parts of the SDK) `require` node's
 * modules: the banner gives every file a `require`. Output is reproducible: no timestamps, no
 * absolute paths, chunk names from their content.
 */
export const entryBundleOptions = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  splitting: true,
  // `.mjs`: node knows the format from the name, with no package.json lookup per file (about 8 ms of
  // CPU over the 16 chunks of a credentials run). bundle.mjs names the entries `.js` again.
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunks/[name]-[hash]',
  minify: true,
  legalComments: 'none',
  charset: 'utf8',
  mainFields: ['module', 'main'],
  banner: { js: 'import{createRequire as __cr}from"node:module";const require=__cr(import.meta.url);' },
  plugins: [sideEffectFree, withoutModuleViews],
  // A read of a name a module does not export (e.g. `http.WebSocket`, left out above) fails the build.
  logOverride: { 'import-is-undefined': 'error' },
};

/** What makes `dist/*.js` ES modules wherever the folder is copied (the .vsix has no other package.json). */
export const DIST_PACKAGE_JSON = '{ "type": "module" }\n';
