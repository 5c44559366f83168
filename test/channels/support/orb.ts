/**
 * The CircleCI orb development kit, offline: `circleci orb pack` (the CLI is not available here)
 * emulated the way it packs (`src/@orb.yml` plus one key per file under commands/, jobs/,
 * executors/, examples/, and every `<<include(file)>>` replaced by the file), the orb-tools review
 * rules that need no network (CircleCI-Public/orb-tools-orb src/scripts/review.bats: RC001-RC005,
 * RC008-RC010; RC006/RC007 fetch the URLs), and CircleCI's parameter substitution for a step.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse } from 'yaml';

export const COMPONENT_DIRS = ['commands', 'jobs', 'executors', 'examples'] as const;
/** orb-tools review's default max_command_length. */
const MAX_COMMAND_LENGTH = 64;

export interface OrbParameter {
  type: string;
  default?: string | number | boolean;
  description?: string;
}
export interface RunStep {
  run: { name?: string; command: string; environment?: Record<string, string> } | string;
}
export interface OrbCommand {
  description?: string;
  parameters?: Record<string, OrbParameter>;
  steps: Array<RunStep | Record<string, unknown>>;
}
export interface PackedOrb {
  version: number | string;
  description: string;
  display?: { source_url?: string; home_url?: string };
  commands: Record<string, OrbCommand>;
  executors: Record<string, { description?: string; parameters?: Record<string, OrbParameter> }>;
  examples: Record<string, { description?: string; usage: Record<string, unknown> }>;
  jobs?: Record<string, OrbCommand>;
}

const files = (src: string, dir: string) =>
  existsSync(join(src, dir))
    ? readdirSync(join(src, dir))
        .filter((f) => f.endsWith('.yml'))
        .sort()
    : [];

/** `circleci orb pack src`: @orb.yml, then each component file under its key, includes inlined. */
export function packOrb(src: string): PackedOrb {
  const orb = parse(readFileSync(join(src, '@orb.yml'), 'utf8')) as PackedOrb;
  for (const dir of COMPONENT_DIRS) {
    for (const file of files(src, dir)) {
      const text = readFileSync(join(src, dir, file), 'utf8').replace(
        /<<include\(([^)]+)\)>>/g,
        (_, path: string) => {
          const included = readFileSync(join(src, path.trim()), 'utf8');
          // A YAML block scalar holding the file, indented where the include stood.
          return `|\n${included
            .split('\n')
            .map((line) => (line ? `        ${line}` : ''))
            .join('\n')}`;
        },
      );
      const packed = orb as unknown as Record<string, Record<string, unknown>>;
      packed[dir] = { ...packed[dir], [basename(file, '.yml')]: parse(text) };
    }
  }
  return orb;
}

/** The review rules (RCxxx) `src` breaks, each with the file: empty when the orb passes. */
export function reviewOrb(src: string): string[] {
  const problems: string[] = [];
  const orb = parse(readFileSync(join(src, '@orb.yml'), 'utf8')) as PackedOrb;
  if (!orb.display?.source_url) problems.push('RC001: @orb.yml has no display.source_url');
  if ((orb.description ?? '').length < 64) problems.push('RC005: orb description under 64 characters');
  if (files(src, 'examples').length < 1) problems.push('RC003: no usage example');
  for (const dir of COMPONENT_DIRS) {
    for (const file of files(src, dir)) {
      const path = `${dir}/${file}`;
      const doc = parse(readFileSync(join(src, dir, file), 'utf8')) as OrbCommand;
      if (!doc.description) problems.push(`RC002: ${path} has no description`);
      if (dir === 'examples' && file.includes('example')) problems.push(`RC004: ${path} says "example"`);
      if (dir === 'examples') continue;
      if (file.includes('-')) problems.push(`RC010: ${path} is not snake_case`);
      for (const key of Object.keys(doc.parameters ?? {}))
        if (key.includes('-')) problems.push(`RC010: ${path} parameter ${key} is not snake_case`);
      if (dir !== 'commands' && dir !== 'jobs') continue;
      for (const step of doc.steps ?? []) {
        if (!('run' in step)) continue;
        const run = (step as RunStep).run;
        if (typeof run === 'string') {
          problems.push(`RC008: ${path} has a run step in string form`);
          continue;
        }
        if (!run.name) problems.push(`RC008: ${path} has a run step without a name`);
        if (run.command.length > MAX_COMMAND_LENGTH && !/^<<include\(/.test(run.command))
          problems.push(`RC009: ${path} has a long command that is not an include`);
      }
    }
  }
  return problems;
}

/** `<< parameters.x >>` references in `value` that `declared` does not declare. */
export function undeclaredParameters(value: unknown, declared: Record<string, OrbParameter>): string[] {
  const text = JSON.stringify(value);
  return [...text.matchAll(/<<\s*parameters\.(\w+)\s*>>/g)]
    .map((m) => m[1]!)
    .filter((name) => !(name in declared));
}

/** CircleCI's substitution of `<< parameters.x >>` with the given values, else the defaults. */
export function substitute(
  text: string,
  parameters: Record<string, OrbParameter>,
  given: Record<string, string>,
) {
  return text.replace(/<<\s*parameters\.(\w+)\s*>>/g, (_, name: string) => {
    if (name in given) return given[name]!;
    const fallback = parameters[name]?.default;
    if (fallback === undefined) throw new Error(`parameter ${name} has no value and no default`);
    return String(fallback);
  });
}
