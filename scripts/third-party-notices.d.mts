import type { Metafile } from 'esbuild';

export interface BundledPackage {
  readonly dir: string;
  readonly name: string;
  readonly version: string;
  readonly license?: string;
  readonly author?: string;
}
export declare const NO_LICENCE_FILE: Readonly<Record<string, string>>;
export declare function owningPackage(file: string): BundledPackage | undefined;
export declare function contributingInputs(metafile: Metafile): string[];
export declare function bundledPackages(metafile: Metafile, cwd: string): BundledPackage[];
export declare function thirdPartyNotice(title: string, packages: readonly BundledPackage[]): string;
