import type { BuildOptions, Plugin } from 'esbuild';

export declare const entryBundleOptions: BuildOptions & { readonly plugins: Plugin[] };
export declare const DIST_PACKAGE_JSON: string;
