/** One variable from a JSON value: the key path joined with `_`, and the leaf value as text. */
export interface JsonEntry {
  readonly suffix: string;
  readonly value: string;
}

/**
 * Flattens a JSON object into `key_nested` entries (arrays by index). Returns undefined when the
 * value is not a JSON object, so plain values can sit beside JSON ones. Strings stay as they are,
 * other scalars are their JSON text, null is empty.
 */
export function expandJson(value: string): JsonEntry[] | undefined {
  if (!value.trimStart().startsWith('{')) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  const out: JsonEntry[] = [];
  const walk = (node: unknown, path: string[]): void => {
    if (node !== null && typeof node === 'object') {
      const entries = Array.isArray(node)
        ? node.map((v, i) => [String(i), v] as const)
        : Object.entries(node);
      for (const [key, child] of entries) walk(child, [...path, key]);
      return;
    }
    const text = node === null ? '' : typeof node === 'string' ? node : JSON.stringify(node);
    out.push({ suffix: path.join('_'), value: text });
  };
  walk(parsed, []);
  return out;
}
