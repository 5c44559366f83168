import {
  CiKitError,
  type CiRules,
  dataNameProblem,
  quoteValue,
  refuseControlVariables,
} from '@aws-ci-kit/core';
import { expandJson } from './expand-json.ts';
import type { FetchedParameter } from './fetch-parameters.ts';
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
  const env = options.transform.steps.includes('env');
  const out: SsmVariable[] = [];
  // Names from data (paths, JSON keys) follow one rule on every CI: command syntax is refused, not renamed.
  const refused: string[] = [];
  const push = (name: string, p: FetchedParameter, explicit: boolean): void => {
    const pathProblem = explicit ? undefined : dataNameProblem(p.name);
    if (pathProblem) {
      refused.push(`parameter ${quoteValue(p.name)} (${pathProblem})`);
      return;
    }
    const entries = options.parseJson ? expandJson(p.value, p.name) : undefined;
    if (!entries || entries.length === 0) {
      out.push({ name, value: p.value, secret: p.secret, source: p.name });
      return;
    }
    for (const entry of entries) {
      if (p.secret) options.mask(entry.value);
      const keyProblem = dataNameProblem(entry.suffix);
      if (keyProblem) {
        refused.push(`key ${quoteValue(entry.suffix)} of ${p.name} (${keyProblem})`);
        continue;
      }
      const suffix = env && !explicit ? toEnvName(entry.suffix).replace(/^_(?=\d)/, '') : entry.suffix;
      out.push({
        name: `${name}_${suffix}`,
        value: entry.value,
        secret: p.secret,
        // JSON keys are arbitrary text: quoted and escaped wherever they are shown.
        source: `${p.name} (key ${JSON.stringify(entry.suffix)})`,
      });
    }
  };
  for (const p of parameters) {
    if (p.requests) {
      for (const request of p.requests) {
        if (request.variable !== undefined) push(request.variable, p, true);
        else push(transformName(request.name, options.transform), p, false);
      }
    } else {
      push(transformName(p.name, options.transform), p, false);
    }
  }

  if (refused.length > 0) {
    throw new CiKitError(
      'input',
      `${refused.length} name(s) from the parameters cannot become variable names: ${listed(refused)}.`,
      {
        code: 'InvalidVariableName',
        hint: 'Rename the JSON keys to letters, digits, _ . - and spaces, or map the parameter to one variable (`name=VAR`) with JSON expansion off.',
      },
    );
  }
  // A name from data never steers a later process (PATH, LD_PRELOAD, GIT_CONFIG_*, PS4, ...): checked
  // first, so the refusal has one code on every CI.
  refuseControlVariables(out, {
    allowed: options.allowControlVariables ?? [],
    caseInsensitive: options.rules.caseInsensitiveVariables,
    allowInput: options.allowInput ?? '`allow-control-variables`',
  });
  const problems: string[] = [];
  const byName = new Map<string, SsmVariable>();
  const unique: SsmVariable[] = [];
  const collisions: string[] = [];
  for (const v of out) {
    const problem = options.rules.variableNameProblem(v.name);
    if (problem) {
      problems.push(`${JSON.stringify(v.name)} from ${v.source} (${problem})`);
      continue;
    }
    const key = options.rules.caseInsensitiveVariables ? v.name.toLowerCase() : v.name;
    const earlier = byName.get(key);
    if (!earlier) {
      byName.set(key, v);
      unique.push(v);
    } else if (earlier.source !== v.source || earlier.value !== v.value) {
      collisions.push(`${v.name} <- ${earlier.source} and ${v.source}`);
    }
  }
  if (problems.length > 0) {
    throw new CiKitError(
      'input',
      `${problems.length} variable name(s) are not valid here: ${listed(problems)}.`,
      {
        code: 'InvalidVariableName',
        hint: options.rules.variableNameHint,
      },
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
  return unique;
}
