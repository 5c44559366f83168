import type { BuildOptions, Plugin } from 'esbuild';

export declare const entryBundleOptions: BuildOptions & { readonly plugins: Plugin[] };
