import {
  CiKitError,
  type CiRules,
  dataNameProblem,
  quoteValue,
  refuseControlVariables,
} from '@aws-ci-kit/core';
import { expandJson } from './expand-json.ts';
import type { FetchedParameter } from './fetch-collector.ts';
import { listed } from './listed.ts';
import { type NameTransform, toEnvName, transformName } from './name-transform.ts';

/** A variable to set for later steps. */
export interface SsmVariable {
  readonly name: string;
  readonly value: string;
  readonly secret: boolean;
  /** The parameter (and JSON key) it came from, for logs and errors. */
  readonly source: string;
}

export interface BuildVariablesOptions {
  /** The CI's variable name rules. */
  readonly rules: Pick<CiRules, 'variableNameProblem' | 'variableNameHint' | 'caseInsensitiveVariables'>;
  readonly transform: NameTransform;
  /** Expand JSON object values into one variable per key. */
  readonly parseJson: boolean;
  /** Registers a secret with the CI (JSON leaves of secret values are masked one by one). */
  readonly mask: (value: string) => void;
  /** Control variable names (PATH, GIT_*, ...) the user allows, exactly as listed. */
  readonly allowControlVariables?: readonly string[];
  /** The opt-in input as this CI's users write it, for the hint. */
  readonly allowInput?: string;
}

/**
 * Names every value: explicit `=VAR` mappings verbatim, others through the transform (and prefix);
 * JSON objects expand to `NAME_key_nested`. Every name a CI would reject, and every two sources
 * mapping to one name, is reported together in one error.
 */
export function buildVariables(
  parameters: readonly FetchedParameter[],
  options: BuildVariablesOptions,
): SsmVariable[] {
  const named: Named = { variables: [], refused: [] };
  for (const p of parameters) {
    for (const { name, explicit } of namesOf(p, options.transform))
      addVariables(named, name, p, explicit, options);
  }
  if (named.refused.length > 0) {
    throw new CiKitError(
      'input',
      `${named.refused.length} name(s) from the parameters cannot become variable names: ${listed(named.refused)}.`,
      {
        code: 'InvalidVariableName',
        hint: 'Rename the JSON keys to letters, digits, _ . - and spaces, or map the parameter to one variable (`name=VAR`) with JSON expansion off.',
      },
    );
  }
  // A name from data never steers a later process (PATH, LD_PRELOAD, GIT_CONFIG_*, PS4, ...): checked
  // first, so the refusal has one code on every CI.
  refuseControlVariables(named.variables, {
    allowed: options.allowControlVariables ?? [],
    caseInsensitive: options.rules.caseInsensitiveVariables,
    allowInput: options.allowInput ?? '`allow-control-variables`',
  });
  return uniqueVariables(named.variables, options.rules);
}

/** The variables so far, and the names from data refused (all reported together). */
interface Named {
  readonly variables: SsmVariable[];
  readonly refused: string[];
}

/** The variable name(s) of one parameter: each request's `=VAR` verbatim, else the transformed name. */
function namesOf(
  p: FetchedParameter,
  transform: NameTransform,
): Array<{ readonly name: string; readonly explicit: boolean }> {
  if (!p.requests) return [{ name: transformName(p.name, transform), explicit: false }];
  return p.requests.map((request) =>
    request.variable !== undefined
      ? { name: request.variable, explicit: true }
      : { name: transformName(request.name, transform), explicit: false },
  );
}

/**
 * The variable(s) of one parameter under one name: its value, or with JSON expansion one per key
 * (each leaf of a secret masked). Names from data (paths, JSON keys) follow one rule on every CI:
 * command syntax is refused, not renamed.
 */
function addVariables(
  named: Named,
  name: string,
  p: FetchedParameter,
  explicit: boolean,
  options: BuildVariablesOptions,
): void {
  const pathProblem = explicit ? undefined : dataNameProblem(p.name);
  if (pathProblem) {
    named.refused.push(`parameter ${quoteValue(p.name)} (${pathProblem})`);
    return;
  }
  const entries = options.parseJson ? expandJson(p.value, p.name) : undefined;
  if (!entries || entries.length === 0) {
    named.variables.push({ name, value: p.value, secret: p.secret, source: p.name });
    return;
  }
  const env = options.transform.steps.includes('env') && !explicit;
  for (const entry of entries) {
    if (p.secret) options.mask(entry.value);
    const keyProblem = dataNameProblem(entry.suffix);
    if (keyProblem) {
      named.refused.push(`key ${quoteValue(entry.suffix)} of ${p.name} (${keyProblem})`);
      continue;
    }
    const suffix = env ? toEnvName(entry.suffix).replace(/^_(?=\d)/, '') : entry.suffix;
    named.variables.push({
      name: `${name}_${suffix}`,
      value: entry.value,
      secret: p.secret,
      // JSON keys are arbitrary text: quoted and escaped wherever they are shown.
      source: `${p.name} (key ${JSON.stringify(entry.suffix)})`,
    });
  }
}

/**
 * Each variable once: a name this CI rejects, or two sources setting one name (compared as the CI
 * compares names), is an error listing all of them; the same source twice is set once.
 */
function uniqueVariables(
  variables: readonly SsmVariable[],
  rules: BuildVariablesOptions['rules'],
): SsmVariable[] {
  const problems: string[] = [];
  const byName = new Map<string, SsmVariable>();
  const collisions: string[] = [];
  for (const v of variables) {
    const problem = rules.variableNameProblem(v.name);
    if (problem) {
      problems.push(`${JSON.stringify(v.name)} from ${v.source} (${problem})`);
      continue;
    }
    const key = rules.caseInsensitiveVariables ? v.name.toLowerCase() : v.name;
    const earlier = byName.get(key);
    if (!earlier) byName.set(key, v);
    else if (earlier.source !== v.source || earlier.value !== v.value) {
      collisions.push(`${v.name} <- ${earlier.source} and ${v.source}`);
    }
  }
  if (problems.length > 0) {
    throw new CiKitError(
      'input',
      `${problems.length} variable name(s) are not valid here: ${listed(problems)}.`,
      { code: 'InvalidVariableName', hint: rules.variableNameHint },
    );
  }
  if (collisions.length > 0) {
    throw new CiKitError(
      'input',
      `${collisions.length} variable name(s) would be set by two parameters: ${listed(collisions)}.`,
      {
        code: 'VariableCollision',
        hint: 'Map one of the parameters to another name (`name=VAR`), or choose a name transform that keeps them apart (e.g. `env` instead of `leaf`).',
      },
    );
  }
  return [...byName.values()];
}
