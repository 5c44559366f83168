/**
 * What a CI reads from an entry's manifest before it starts the step: GitHub's action.yml and Azure's
 * task.json. The runner and the agent pass EVERY declared input to the step, the user's value or
 * the declared default (an input without a default as the empty string), and decide from the
 * manifest whether and when a post step runs.
 *
 * GitHub (actions/runner, ActionRunner + ActionManifestManager): an input missing from `with:` gets
 * its `default:` evaluated as an expression template (`${{ github.token }}`), else ''; values are
 * not trimmed; `runs.post` runs after main when `runs.post-if` holds (default `always()`).
 * Azure (azure-pipelines-agent, TaskRunner): every `inputs[].defaultValue` trimmed (else ''), then
 * the instance inputs trimmed, then `$(variable)` macros expanded, then every `filePath` input rooted
 * at the sources directory (BuildJobExtension.GetRootedPath: Path.Combine(root, value), so an EMPTY
 * one arrives as the sources directory itself); `postjobexecution` runs at the end of the job under
 * the task's own condition (default `succeeded()`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, normalize } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { Ci } from './step-view.ts';

/** When the CI runs the post step: never, after a successful main, or whatever main's result. */
export type PostWhen = 'none' | 'success' | 'always';

export interface EntryManifest {
  readonly path: string;
  /** Every declared input with the value the CI passes when the user does not set it. */
  readonly defaults: Readonly<Record<string, string>>;
  /** Azure: the inputs of type `filePath`, which the agent roots at the sources directory. */
  readonly filePaths: readonly string[];
  readonly post: PostWhen;
}

/** The values the runner's expression contexts hold in tests (`${{ github.token }}`). */
export const GITHUB_EXPRESSION_VALUES: Readonly<Record<string, string>> = {
  'github.token': 'ghs_runnerTestToken0000000000000000000',
  'github.repository': 'octo/webapp',
  'github.sha': 'a'.repeat(40),
  'github.ref_name': 'main',
  'github.run_id': '4242',
  'runner.temp': '',
};

/** A GitHub default with `${{ … }}` expressions, evaluated as the runner would with the test values. */
export function evaluateGithubDefault(value: string, context = GITHUB_EXPRESSION_VALUES): string {
  return value.replace(/\$\{\{\s*(.*?)\s*\}\}/g, (_, expression: string) => {
    const known = context[expression];
    if (known === undefined) throw new Error(`the harness cannot evaluate \${{ ${expression} }}`);
    return known;
  });
}

function githubPost(runs: Record<string, unknown>): PostWhen {
  if (typeof runs.post !== 'string') return 'none';
  const condition = String(runs['post-if'] ?? 'always()').replace(/\s/g, '');
  if (condition === 'always()') return 'always';
  if (condition === 'success()' || condition === '') return 'success';
  throw new Error(`the harness cannot evaluate post-if: ${condition}`);
}

function readGithub(path: string): EntryManifest {
  const action = parseYaml(readFileSync(path, 'utf8')) as {
    inputs?: Record<string, { default?: unknown } | null>;
    runs: Record<string, unknown>;
  };
  const defaults: Record<string, string> = {};
  for (const [name, spec] of Object.entries(action.inputs ?? {})) {
    const value = spec?.default;
    defaults[name] = value === undefined || value === null ? '' : evaluateGithubDefault(String(value));
  }
  return { path, defaults, filePaths: [], post: githubPost(action.runs) };
}

function readAzure(path: string): EntryManifest {
  const task = JSON.parse(readFileSync(path, 'utf8')) as {
    inputs?: Array<{ name?: string; type?: string; defaultValue?: string }>;
    postjobexecution?: unknown;
  };
  const defaults: Record<string, string> = {};
  const filePaths: string[] = [];
  for (const input of task.inputs ?? []) {
    const name = input.name?.trim() ?? '';
    if (name === '') continue;
    defaults[name] = input.defaultValue?.trim() ?? '';
    if (input.type?.toLowerCase() === 'filepath') filePaths.push(name);
  }
  return { path, defaults, filePaths, post: task.postjobexecution ? 'success' : 'none' };
}

/** The manifest of a bundle at `<package>/dist/<ci>.js`: `<package>/action.yml` or `<package>/task.json`. */
export function manifestPath(ci: Ci, bundle: string): string {
  return join(dirname(dirname(bundle)), ci === 'github' ? 'action.yml' : 'task.json');
}

export function readManifest(ci: Ci, path: string): EntryManifest {
  if (!existsSync(path)) throw new Error(`no ${ci} manifest at ${path} (pass manifest: null for none)`);
  return ci === 'github' ? readGithub(path) : readAzure(path);
}

/** Azure's `$(name)` macros in an input, expanded from the pipeline's variables (names case-insensitive). */
export function expandAzureMacros(value: string, variables: Readonly<Record<string, string>>): string {
  const byName = new Map(Object.entries(variables).map(([name, v]) => [name.toLowerCase(), v]));
  return value.replace(/\$\(([^()\s]+)\)/g, (macro, name: string) => byName.get(name.toLowerCase()) ?? macro);
}

/** The agent's TranslateFilePathInput in a build job: rooted at the sources directory, '' included. */
export function rootAzurePath(value: string, sourcesDirectory: string): string {
  return normalize(isAbsolute(value) ? value : join(sourcesDirectory, value)).replace(/(.)\/$/, '$1');
}

/**
 * The inputs the CI passes: every declared one (the user's value or the default), then any the user
 * set that the manifest does not declare (GitHub warns about them; both pass them on). Azure's
 * `filePath` inputs are rooted at `sourcesDirectory`.
 */
export function effectiveInputs(
  ci: Ci,
  manifest: EntryManifest | undefined,
  inputs: Readonly<Record<string, string>>,
  variables: Readonly<Record<string, string>>,
  sourcesDirectory = '',
): Record<string, string> {
  const merged: Record<string, string> = { ...manifest?.defaults };
  const declared = new Map(Object.keys(merged).map((name) => [name.toLowerCase(), name]));
  for (const [name, value] of Object.entries(inputs)) {
    // Azure's input names are case-insensitive (OrdinalIgnoreCase); GitHub's are exact.
    const key = ci === 'azure' ? (declared.get(name.toLowerCase()) ?? name) : name;
    merged[key] = ci === 'azure' ? value.trim() : value;
  }
  if (ci === 'github') return merged;
  // In-process (no sources directory) nothing roots the paths: the adapter that strips the root is not there.
  const filePaths = new Set(sourcesDirectory === '' ? [] : (manifest?.filePaths ?? []));
  return Object.fromEntries(
    Object.entries(merged).map(([name, value]) => {
      const expanded = expandAzureMacros(value, variables);
      return [name, filePaths.has(name) ? rootAzurePath(expanded, sourcesDirectory) : expanded];
    }),
  );
}

/** Inputs the user set that the manifest does not declare (the runner's "Unexpected input(s)" warning). */
export function unexpectedInputs(
  ci: Ci,
  manifest: EntryManifest | undefined,
  inputs: Readonly<Record<string, string>>,
): string[] {
  if (manifest === undefined) return [];
  const fold = (name: string) => (ci === 'azure' ? name.toLowerCase() : name);
  const declared = new Set(Object.keys(manifest.defaults).map(fold));
  return Object.keys(inputs).filter((name) => !declared.has(fold(name)));
}

/**
 * The inputs an in-process test hands a recording runtime, as the CI would pass them to the entry of
 * `packageDir` (its action.yml on GitHub, its task.json on Azure): every declared default plus the
 * test's own. The generic CLI has no manifest: its inputs pass as they are.
 */
export function manifestInputs(
  packageDir: string,
  ci: string,
  inputs: Readonly<Record<string, string>>,
  sourcesDirectory = '',
): Record<string, string> {
  if (ci !== 'github' && ci !== 'azure-pipelines') return { ...inputs };
  const kind: Ci = ci === 'github' ? 'github' : 'azure';
  const manifest = readManifest(kind, manifestPath(kind, join(packageDir, 'dist', 'entry.js')));
  return effectiveInputs(kind, manifest, inputs, {}, sourcesDirectory);
}
