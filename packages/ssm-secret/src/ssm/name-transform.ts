import { CiKitError, quoteValue } from '@aws-ci-kit/core';

/**
 * How a parameter name becomes a variable name. `none`, `leaf`, `substitute` and `custom` are the
 * AWS Toolkit task's transforms; `env` makes an environment-variable name. Transforms can be chained
 * (`leaf,env`); `custom` stands alone.
 */
export type NameTransformKind = 'none' | 'leaf' | 'env' | 'substitute' | 'custom';

const NAME_TRANSFORMS: readonly NameTransformKind[] = ['none', 'leaf', 'env', 'substitute', 'custom'];

export interface NameTransform {
  readonly steps: readonly NameTransformKind[];
  /** `substitute`: the regular expression and its replacement. */
  readonly pattern?: string;
  readonly replacement?: string;
  readonly globalMatch?: boolean;
  readonly caseInsensitiveMatch?: boolean;
  /** `custom`: the variable name for the single parameter. */
  readonly customName?: string;
  /** Put before every transformed name (not before explicit `=VAR` or custom names). */
  readonly prefix?: string;
}

/** Parses `leaf,env` into transform steps; an unknown step is an input error naming the valid ones. */
export function parseNameTransform(text: string, inputName: string): NameTransformKind[] {
  const steps = text
    .split(/[,+\s]+/)
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s !== '');
  if (steps.length === 0) return ['none'];
  for (const step of steps) {
    if (!isTransformKind(step)) {
      throw new CiKitError(
        'input',
        `Input \`${inputName}\` has an unknown name transform ${quoteValue(step)}.`,
        {
          code: 'InputInvalid',
          hint: `Use one of ${NAME_TRANSFORMS.join(', ')} (chain them with a comma, e.g. leaf,env).`,
        },
      );
    }
  }
  if (steps.includes('custom') && steps.length > 1) {
    throw new CiKitError(
      'input',
      `Input \`${inputName}\`: \`custom\` cannot be chained with other transforms.`,
      {
        code: 'InputInvalid',
        hint: 'Use `custom` alone, with the custom variable name input.',
      },
    );
  }
  return steps.filter(isTransformKind);
}

function isTransformKind(step: string): step is NameTransformKind {
  return NAME_TRANSFORMS.some((kind) => kind === step);
}

/** The last non-empty `/` segment; a name without a slash is its own leaf. */
export function leafOf(name: string): string {
  const parts = name.split('/').filter((p) => p !== '');
  return parts[parts.length - 1] ?? name;
}

/** Upper case, every character outside A-Z 0-9 _ becomes `_`, leading slashes dropped, no leading digit. */
export function toEnvName(name: string): string {
  const upper = name
    .replace(/^\/+/, '')
    .toUpperCase()
    .replace(/[^A-Z0-9_]/g, '_');
  return /^\d/.test(upper) ? `_${upper}` : upper;
}

/** A parameter ARN as its name, a Secrets Manager reference as its secret id (for `env` names). */
function shortName(name: string): string {
  return name
    .replace(/^arn:[^:]+:ssm:[^:]*:[^:]*:parameter(?=\/)/, '')
    .replace(/^\/aws\/reference\/secretsmanager\//, '');
}

/** Applies the transform chain (and prefix) to one parameter name. */
export function transformName(name: string, transform: NameTransform): string {
  let out = name;
  for (const step of transform.steps) {
    switch (step) {
      case 'none':
        break;
      case 'leaf':
        out = leafOf(out);
        break;
      case 'env':
        out = toEnvName(shortName(out));
        break;
      case 'substitute': {
        const flags = `${transform.globalMatch ? 'g' : ''}${transform.caseInsensitiveMatch ? 'i' : ''}`;
        out = out.replace(new RegExp(transform.pattern ?? '', flags), transform.replacement ?? '');
        break;
      }
      case 'custom':
        return transform.customName ?? out;
    }
  }
  return `${transform.prefix ?? ''}${out}`;
}

/**
 * Checks a `substitute` pattern once, up front, so a typo is one input error rather than a crash;
 * returns the pattern.
 */
export function checkPattern(pattern: string | undefined, inputName: string): string {
  if (pattern === undefined || pattern === '') {
    throw new CiKitError(
      'input',
      `Input \`${inputName}\` is required for the \`substitute\` name transform.`,
      {
        code: 'InputMissing',
        hint: `Set \`${inputName}\` to a regular expression matching the text to replace.`,
      },
    );
  }
  try {
    new RegExp(pattern);
  } catch (error) {
    throw new CiKitError(
      'input',
      `Input \`${inputName}\` is not a valid regular expression: ${String(error)}`,
      {
        code: 'InputInvalid',
        hint: 'Use JavaScript regular expression syntax.',
      },
    );
  }
  return pattern;
}
