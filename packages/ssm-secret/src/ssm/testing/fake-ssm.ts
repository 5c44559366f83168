import type { SsmSender } from '../ssm-sender.ts';

interface StoredParameter {
  Name: string;
  Type: 'String' | 'StringList' | 'SecureString';
  Value: string;
  Version: number;
  Labels?: string[];
}

/**
 * A small in-memory SSM for unit edge cases (the real API is exercised against moto in /test/ssm).
 * Answers GetParameter, GetParameters and GetParametersByPath from `store`, records each call.
 */
export function fakeSsm(
  store: StoredParameter[],
  options: {
    /** GetParameters fails as a whole with this error name (as some missing references do). */
    failBatchWith?: string;
    /** Every call of these operations fails with this error name (an AWS error, not found or not). */
    failWith?: Readonly<Record<string, string>>;
    omitSelector?: boolean;
  } = {},
): SsmSender & { calls: Array<{ op: string; input: Record<string, unknown> }> } {
  const calls: Array<{ op: string; input: Record<string, unknown> }> = [];
  const find = (ref: string): StoredParameter | undefined => {
    const colon = ref.lastIndexOf(':');
    const hasSelector = colon > 0 && !ref.slice(colon + 1).includes('/');
    const name = hasSelector ? ref.slice(0, colon) : ref;
    const selector = hasSelector ? ref.slice(colon + 1) : undefined;
    const versions = store.filter((p) => p.Name === name);
    if (selector === undefined) return versions.at(-1);
    return versions.find((p) => String(p.Version) === selector || p.Labels?.includes(selector));
  };
  const view = (p: StoredParameter, decrypt: boolean) => ({
    Name: p.Name,
    Type: p.Type,
    Value: p.Type === 'SecureString' && !decrypt ? `encrypted:${p.Name}` : p.Value,
    Version: p.Version,
  });
  const send = async (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
    const op = command.constructor.name.replace(/Command$/, '');
    const input = command.input;
    calls.push({ op, input });
    const failure = options.failWith?.[op];
    if (failure) {
      throw Object.assign(new Error(`${op} failed`), { name: failure, $metadata: { httpStatusCode: 400 } });
    }
    const decrypt = input.WithDecryption === true;
    if (op === 'GetParameters') {
      if (options.failBatchWith) throw Object.assign(new Error('not found'), { name: options.failBatchWith });
      const names = input.Names as string[];
      const found = names.map((n) => [n, find(n)] as const);
      return {
        Parameters: found
          .filter(([, p]) => p)
          .map(([n, p]) => ({
            ...view(p!, decrypt),
            ...(options.omitSelector || !n.includes(':') ? {} : { Selector: `:${n.split(':').pop()}` }),
          })),
        InvalidParameters: found.filter(([, p]) => !p).map(([n]) => n),
      };
    }
    if (op === 'GetParameter') {
      const p = find(input.Name as string);
      if (!p)
        throw Object.assign(new Error(`Parameter ${String(input.Name)} not found.`), {
          name: 'ParameterNotFound',
        });
      return { Parameter: view(p, decrypt) };
    }
    if (op === 'GetParametersByPath') {
      const path = (input.Path as string).replace(/\/?$/, '/');
      const latest = new Map<string, StoredParameter>();
      for (const p of store) latest.set(p.Name, p);
      const matching = [...latest.values()]
        .filter(
          (p) => p.Name.startsWith(path) && (input.Recursive || !p.Name.slice(path.length).includes('/')),
        )
        .sort((a, b) => a.Name.localeCompare(b.Name));
      const start = Number(input.NextToken ?? 0);
      const size = Number(input.MaxResults ?? 10);
      const page = matching.slice(start, start + size);
      return {
        Parameters: page.map((p) => view(p, decrypt)),
        ...(start + size < matching.length ? { NextToken: String(start + size) } : {}),
      };
    }
    throw new Error(`unexpected ${op}`);
  };
  return { send: send as unknown as SsmSender['send'], calls };
}
