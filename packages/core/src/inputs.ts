import { CiKitError } from './errors.ts';
import { quoteValue } from './quote-value.ts';
import type { CiRules, CiRuntime } from './runtime.ts';

/** What the input helpers use of the port: the raw inputs, and which naming style this CI's users write. */
export type InputSource = Pick<CiRuntime, 'input'> & { readonly rules: Pick<CiRules, 'inputNaming'> };

/** An input as one naming style spells it: its own name, and its own default where it differs. */
export interface InputStyle {
  readonly name?: string;
  readonly default?: string;
}

/**
 * An input: its main name (kebab-case: the CLI's flag and the name of every style without its own),
 * its default, and per naming style (`rules.inputNaming`, a key the adapter supplies, e.g. `toolkit`
 * for the AWS Toolkit's camelCase names) the name and default that style's users know. A style is
 * data: core knows none of them. `aliases` are read when the style's name is unset.
 */
export interface InputSpec {
  readonly name: string;
  readonly default?: string;
  /** Per naming style: a name (`'regionName'`) or a name and default. */
  readonly styles?: Readonly<Record<string, string | InputStyle>>;
  readonly aliases?: readonly string[];
}

export type InputRef = string | InputSpec;

function styleOf(naming: string, spec: InputSpec): InputStyle {
  const style = spec.styles?.[naming];
  return typeof style === 'string' ? { name: style } : (style ?? {});
}

/** The name the user sees for this input on this CI (used in error messages). */
export function inputName(runtime: Pick<InputSource, 'rules'>, ref: InputRef): string {
  if (typeof ref === 'string') return ref;
  return styleOf(runtime.rules.inputNaming, ref).name ?? ref.name;
}

/** The input's default in this CI's naming style (a style's own default, else the spec's), if any. */
export function inputDefault(runtime: Pick<InputSource, 'rules'>, ref: InputRef): string | undefined {
  if (typeof ref === 'string') return undefined;
  return styleOf(runtime.rules.inputNaming, ref).default ?? ref.default;
}

/** A trimmed input, or undefined when unset or empty. */
export function getInput(runtime: InputSource, ref: InputRef): string | undefined {
  if (typeof ref === 'string') return runtime.input(ref);
  const main = runtime.input(inputName(runtime, ref));
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
  const value = getInput(runtime, ref) ?? inputDefault(runtime, ref);
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

/**
 * The user error for an input whose value is wrong: one line naming the input as this CI's users
 * write it, what it must be, and `got "<value>"` (quoted, control characters escaped); the hint is
 * the fix (default: "Set `<name>` to <what>."). `what` reads after "must be": `a whole number`.
 */
export function invalidInput(
  runtime: Pick<InputSource, 'rules'>,
  ref: InputRef,
  what: string,
  value: string,
  hint?: string,
): CiKitError {
  const name = inputName(runtime, ref);
  return new CiKitError('input', `Input \`${name}\` must be ${what}, got ${quoteValue(value)}.`, {
    code: 'InputInvalid',
    hint: hint ?? `Set \`${name}\` to ${what}.`,
  });
}

/**
 * A choice input: one of `choices` (compared case-insensitively, returned as listed), else the
 * style's or spec's default, else `undefined`. Typed by its choices, so a mode is a union, not a cast.
 */
export function getChoiceInput<const C extends string>(
  runtime: InputSource,
  ref: InputRef,
  choices: readonly C[],
  hint?: string,
): C | undefined {
  const value = getInput(runtime, ref) ?? inputDefault(runtime, ref);
  if (value === undefined) return undefined;
  const match = choices.find((choice) => choice.toLowerCase() === value.toLowerCase());
  if (match !== undefined) return match;
  throw invalidInput(runtime, ref, `one of ${choices.join(', ')}`, value, hint);
}
