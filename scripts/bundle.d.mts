import type { Metafile } from 'esbuild';
import type { BundledPackage } from './third-party-notices.mjs';

export declare const REPO_ROOT: string;
export declare const ENTRY_DIRS: readonly string[];
export declare function findEntries(packageDir: string): Map<string, string>;
export declare const NOTICE_FILE: string;
export declare function listFiles(dir: string): string[];
export declare function bundlePackage(
  packageDir: string,
  outDir?: string,
): Promise<{ names: string[]; metafile: Metafile; packages: BundledPackage[] }>;
export declare function startupFiles(
  metafile: Metafile,
  outDir: string,
  packageDir: string,
  names: readonly string[],
): Record<string, string[]>;
export declare function startupBytes(
  metafile: Metafile,
  outDir: string,
  packageDir: string,
  names: readonly string[],
): Record<string, number>;
