import { CiKitError } from './errors.ts';
import { quoteValue } from './quote-value.ts';
import type { CiRules, CiRuntime, InputNaming } from './runtime.ts';

/** What the input helpers use of the port: the raw inputs, and which names this CI's users write. */
export type InputSource = Pick<CiRuntime, 'input'> & { readonly rules: Pick<CiRules, 'inputNaming'> };

/**
 * An input's name on each CI. GitHub names are the default (and the CLI's); Azure tasks
 * often use the AWS Toolkit's camelCase names. `aliases` are read when the main name is unset.
 */
export interface InputSpec {
  readonly github: string;
  readonly azure?: string;
  readonly aliases?: readonly string[];
}

export type InputRef = string | InputSpec;

/** The name the user sees for this input on this CI (used in error messages). */
export function inputName(runtime: Pick<InputSource, 'rules'>, ref: InputRef): string {
  if (typeof ref === 'string') return ref;
  return nameFor(runtime.rules.inputNaming, ref);
}

function nameFor(naming: InputNaming, spec: InputSpec): string {
  return naming === 'azure' && spec.azure ? spec.azure : spec.github;
}

/** A trimmed input, or undefined when unset or empty. */
export function getInput(runtime: InputSource, ref: InputRef): string | undefined {
  if (typeof ref === 'string') return runtime.input(ref);
  const main = runtime.input(nameFor(runtime.rules.inputNaming, ref));
  if (main !== undefined) return main;
  for (const alias of ref.aliases ?? []) {
    const value = runtime.input(alias);
    if (value !== undefined) return value;
  }
  return undefined;
}

export function getRequiredInput(runtime: InputSource, ref: InputRef, hint?: string): string {
  const value = getInput(runtime, ref);
  if (value === undefined) {
    const name = inputName(runtime, ref);
    throw new CiKitError('input', `Input \`${name}\` is required.`, {
      code: 'InputMissing',
      hint: hint ?? `Set \`${name}\` in the step's inputs.`,
    });
  }
  return value;
}

/** Compared case-insensitively: `true`, `True`, `TRUE`, `on`, `On`, `ON` are all true. */
const TRUE = new Set(['true', 'yes', '1', 'on']);
const FALSE = new Set(['false', 'no', '0', 'off']);

/** A boolean input, parsed the same way on every CI; an unrecognised value is an error, not `false`. */
export function getBooleanInput(runtime: InputSource, ref: InputRef, defaultValue = false): boolean {
  const value = getInput(runtime, ref);
  if (value === undefined) return defaultValue;
  if (TRUE.has(value.toLowerCase())) return true;
  if (FALSE.has(value.toLowerCase())) return false;
  const name = inputName(runtime, ref);
  throw new CiKitError('input', `Input \`${name}\` must be true or false, got ${quoteValue(value)}.`, {
    code: 'InputInvalid',
    hint: `Set \`${name}\` to true or false.`,
  });
}

/** A list input: one item per line, or comma-separated; blank items and surrounding spaces dropped. */
export function getListInput(
  runtime: InputSource,
  ref: InputRef,
  options: { separators?: 'lines' | 'lines-and-commas' } = {},
): string[] {
  const value = getInput(runtime, ref);
  if (value === undefined) return [];
  const splitter = (options.separators ?? 'lines-and-commas') === 'lines' ? /\r?\n/ : /\r?\n|,/;
  return value
    .split(splitter)
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** A whole-number input within bounds. */
export function getIntegerInput(
  runtime: InputSource,
  ref: InputRef,
  bounds: { min: number; max: number; default?: number },
): number | undefined {
  const value = getInput(runtime, ref);
  if (value === undefined) return bounds.default;
  const name = inputName(runtime, ref);
  if (!/^\d+$/.test(value) || Number(value) < bounds.min || Number(value) > bounds.max) {
    throw new CiKitError(
      'input',
      `Input \`${name}\` must be a whole number from ${bounds.min} to ${bounds.max}, got ${quoteValue(value)}.`,
      { code: 'InputInvalid', hint: `Set \`${name}\` to a number from ${bounds.min} to ${bounds.max}.` },
    );
  }
  return Number(value);
}

/**
 * Whether the user set an input to something other than its declared default. GitHub's runner and
 * Azure's agent pass every default an action.yml / task.json declares as an input, so presence
 * alone says nothing about the user: a value equal to the default (booleans and words compared
 * case-insensitively, `True` = `true`) changes nothing and is not worth a warning.
 */
export function setByUser(
  runtime: InputSource,
  ref: InputRef,
  declaredDefault: string | boolean | number = '',
): boolean {
  const value = getInput(runtime, ref);
  if (value === undefined) return false;
  if (typeof declaredDefault === 'boolean') {
    const lower = value.toLowerCase();
    return !(declaredDefault ? TRUE : FALSE).has(lower);
  }
  return value.toLowerCase() !== String(declaredDefault).toLowerCase();
}
