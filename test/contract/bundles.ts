import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { DIST_PACKAGE_JSON, entryBundleOptions } from '../../scripts/esbuild-options.mjs';

const FIXTURE = join(dirname(fileURLToPath(import.meta.url)), 'fixture');

/**
 * `sound`: the adapters as shipped. The others exist only in test bundles, made by rewriting the
 * adapter's own masking call at bundle time (no switch in production code):
 * `mask-noop` never registers a secret; `log-before-mask` prints each piece, then registers it;
 * `code-dropped` fails without the stable code (its `errorCode(error)` call made `undefined`).
 */
export type AdapterVariant = 'sound' | 'mask-noop' | 'log-before-mask' | 'code-dropped';

export interface ContractBundles {
  readonly github: string;
  readonly azure: string;
}

/** The adapter call that registers a secret with the CI: `core.setSecret(x)` (GitHub), `tl.setSecret(x)` (Azure). */
const SET_SECRET = /\b(core|tl)\.setSecret\(([^()]+)\)/g;

/** The adapter call that gives a failure its stable code. */
const ERROR_CODE = /\berrorCode\(error\)/g;

function breakMasking(variant: Exclude<AdapterVariant, 'sound'>): Plugin {
  return {
    name: `contract-${variant}`,
    setup(builder) {
      builder.onLoad({ filter: /[\\/](github|azure)-runtime\.ts$/ }, async (args) => {
        const source = await readFile(args.path, 'utf8');
        let count = 0;
        if (variant === 'code-dropped') {
          const contents = source.replace(ERROR_CODE, () => {
            count += 1;
            return 'undefined';
          });
          if (count === 0)
            throw new Error(`${args.path}: no errorCode call to break; update the contract plugin.`);
          return { contents, loader: 'ts', resolveDir: dirname(args.path) };
        }
        const contents = source.replace(SET_SECRET, (_match, lib: string, arg: string) => {
          count += 1;
          return variant === 'mask-noop'
            ? `void (${arg})`
            : `(process.stdout.write(String(${arg}) + '\\n'), ${lib}.setSecret(${arg}))`;
        });
        if (count === 0)
          throw new Error(`${args.path}: no setSecret call to break; update the contract plugin.`);
        return { contents, loader: 'ts', resolveDir: dirname(args.path) };
      });
    },
  };
}

/** Bundles the fixture entries with the shipped bundles' options (scripts/esbuild-options.mjs). */
export async function buildContractBundles(
  outDir: string,
  variant: AdapterVariant = 'sound',
): Promise<ContractBundles> {
  // ES modules split into chunks, like dist/ (a folder per variant; the entries keep esbuild's .mjs name here).
  const dir = join(outDir, variant);
  await build({
    entryPoints: { github: join(FIXTURE, 'github.ts'), azure: join(FIXTURE, 'azure.ts') },
    outdir: dir,
    ...entryBundleOptions,
    logLevel: 'silent',
    plugins: [...entryBundleOptions.plugins, ...(variant === 'sound' ? [] : [breakMasking(variant)])],
  });
  await writeFile(join(dir, 'package.json'), DIST_PACKAGE_JSON);
  return { github: join(dir, 'github.mjs'), azure: join(dir, 'azure.mjs') };
}
