import { CiKitError, quoteValue } from '@aws-ci-kit/core';

/** One variable from a JSON value: the key path joined with `_`, and the leaf value as text. */
export interface JsonEntry {
  readonly suffix: string;
  readonly value: string;
}

/** Deeper than this, a JSON value is refused: its keys could never make a sensible variable name. */
export const MAX_JSON_DEPTH = 64;

/**
 * Flattens a JSON object into `key_nested` entries (arrays by index). Returns undefined when the
 * value is not a JSON object, so plain values can sit beside JSON ones. Strings stay as they are,
 * other scalars are their JSON text, null is empty. A value nested deeper than MAX_JSON_DEPTH is
 * refused in one line naming `source` (the walk is iterative: depth never costs stack).
 */
export function expandJson(value: string, source = 'a parameter'): JsonEntry[] | undefined {
  if (!value.trimStart().startsWith('{')) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  const out: JsonEntry[] = [];
  const stack: Array<{ node: unknown; path: readonly string[] }> = [{ node: parsed, path: [] }];
  while (stack.length > 0) {
    const { node, path } = stack.pop() as { node: unknown; path: readonly string[] };
    if (node !== null && typeof node === 'object') {
      if (path.length >= MAX_JSON_DEPTH) throw tooDeep(source);
      const entries = Array.isArray(node)
        ? node.map((v, i) => [String(i), v] as const)
        : Object.entries(node);
      // Pushed in reverse, so entries come out in document order.
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i] as readonly [string, unknown];
        stack.push({ node: child, path: [...path, key] });
      }
      continue;
    }
    const text = node === null ? '' : typeof node === 'string' ? node : JSON.stringify(node);
    out.push({ suffix: path.join('_'), value: text });
  }
  return out;
}

function tooDeep(source: string): CiKitError {
  return new CiKitError(
    'input',
    `The JSON value of ${quoteValue(source)} is nested deeper than ${MAX_JSON_DEPTH} levels, too deep to expand into variables.`,
    {
      code: 'JsonTooDeep',
      hint: 'Flatten the JSON, or read that parameter without JSON expansion (`parse-json` off).',
    },
  );
}
