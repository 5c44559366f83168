import { mapLimit } from '@aws-ci-kit/core';
import {
  GetParameterCommand,
  GetParametersByPathCommand,
  GetParametersCommand,
  type GetParametersCommandOutput,
  type Parameter,
  type SSMClient,
} from '@aws-sdk/client-ssm';
import { ssmError } from './aws-error.ts';
import {
  type ParameterRequest,
  type PathRequest,
  requestKey,
  SECRETS_MANAGER_PREFIX,
} from './parameter-request.ts';

/** GetParameters takes at most 10 names; GetParametersByPath returns at most 10 per page. */
const BATCH_SIZE = 10;
const PAGE_SIZE = 10;

/** A parameter value as read, already masked when secret. */
export interface FetchedParameter {
  /** The parameter's name: the requested name (by name) or the name AWS returned (by path). */
  readonly name: string;
  readonly value: string;
  /** `String`, `StringList` or `SecureString` (Secrets Manager references read as SecureString). */
  readonly type: string;
  readonly version?: number;
  readonly secret: boolean;
  /** Set for parameters read by name: every request for this name and selector (each may map its own variable). */
  readonly requests?: readonly ParameterRequest[];
  /** Set for parameters read by path. */
  readonly path?: PathRequest;
}

export interface MissingParameter {
  readonly raw: string;
  readonly reason: string;
}

export interface FetchOptions {
  readonly withDecryption: boolean;
  /** Treat String and StringList values as secrets too. */
  readonly maskAll: boolean;
  /** Batches and paths in flight at once. */
  readonly concurrency: number;
  /** Receives every secret value the moment it is read, before anything else sees it. */
  readonly mask: (value: string) => void;
  readonly debug?: (message: string) => void;
}

export interface FetchResult {
  readonly parameters: FetchedParameter[];
  readonly missing: MissingParameter[];
  /** SSM API calls made (SDK retries not counted), by operation. */
  readonly calls: Readonly<Record<string, number>>;
}

/** The name a response carries for a request, whatever form it was asked in (name, ARN, Secrets Manager reference). */
function baseKey(name: string): string {
  return name
    .replace(/^arn:[^:]+:ssm:[^:]*:[^:]*:parameter\//, '')
    .replace(SECRETS_MANAGER_PREFIX, '')
    .replace(/^\/+/, '');
}

const NOT_FOUND = /ParameterNotFound|ParameterVersionNotFound|ParameterVersionLabel|ResourceNotFound/;

/**
 * Groups requests into GetParameters batches of 10. Within a batch every base name is unique, so a
 * response (which may omit the selector) maps back to exactly one request.
 */
export function planBatches(requests: readonly ParameterRequest[]): ParameterRequest[][] {
  const batches: { items: ParameterRequest[]; keys: Set<string> }[] = [];
  let open = 0;
  for (const request of requests) {
    const key = baseKey(request.name);
    while (open < batches.length && batches[open]!.items.length === BATCH_SIZE) open++;
    let target = batches.slice(open).find((b) => b.items.length < BATCH_SIZE && !b.keys.has(key));
    if (!target) {
      target = { items: [], keys: new Set() };
      batches.push(target);
    }
    target.items.push(request);
    target.keys.add(key);
  }
  return batches.map((b) => b.items);
}

/**
 * Reads parameters by name (GetParameters, 10 names a call, batches in parallel) and by path
 * (GetParametersByPath, every page), masking each secret value as soon as its response arrives.
 */
export async function fetchParameters(
  client: SsmSender,
  names: readonly ParameterRequest[],
  paths: readonly PathRequest[],
  options: FetchOptions,
): Promise<FetchResult> {
  const calls: Record<string, number> = {};
  const count = (operation: string): void => {
    calls[operation] = (calls[operation] ?? 0) + 1;
  };
  const parameters: FetchedParameter[] = [];
  const missing: MissingParameter[] = [];

  const isSecret = (p: Parameter, secretsManager: boolean): boolean =>
    secretsManager || p.Type === 'SecureString' || options.maskAll;
  /** The first thing done with any response: register its secret values with the CI. */
  const maskResponse = (list: readonly Parameter[], secretsManager: (p: Parameter) => boolean): void => {
    for (const p of list) if (p.Value !== undefined && isSecret(p, secretsManager(p))) options.mask(p.Value);
  };

  const sameKey = new Map<string, ParameterRequest[]>();
  for (const request of names) {
    const list = sameKey.get(requestKey(request));
    if (list) list.push(request);
    else sameKey.set(requestKey(request), [request]);
  }
  const unique = [...sameKey.values()].map((list) => list[0]!);
  const decrypting = unique.filter((r) => options.withDecryption || r.secretsManager);
  const plain = unique.filter((r) => !(options.withDecryption || r.secretsManager));
  const batches = [
    ...planBatches(decrypting).map((items) => ({ items, decrypt: true })),
    ...planBatches(plain).map((items) => ({ items, decrypt: false })),
  ];

  const accept = (request: ParameterRequest, p: Parameter): void => {
    parameters.push({
      name: request.name,
      value: p.Value ?? '',
      type: p.Type ?? 'String',
      ...(p.Version === undefined ? {} : { version: p.Version }),
      secret: isSecret(p, request.secretsManager),
      requests: sameKey.get(requestKey(request)) ?? [request],
    });
  };

  const readOne = async (request: ParameterRequest, decrypt: boolean): Promise<void> => {
    count('GetParameter');
    try {
      const out = await client.send(
        new GetParameterCommand({ Name: requestKey(request), WithDecryption: decrypt }),
      );
      const p = out.Parameter;
      if (p) maskResponse([p], () => request.secretsManager);
      if (p) accept(request, p);
      else missing.push({ raw: request.raw, reason: 'not found' });
    } catch (error) {
      const name = (error as { name?: string }).name ?? '';
      if (!NOT_FOUND.test(name)) throw ssmError(error, 'ssm:GetParameter', request.raw);
      missing.push({
        raw: request.raw,
        reason: request.selector ? `version or label not found (${name})` : 'not found',
      });
    }
  };

  const readBatch = async (batch: { items: ParameterRequest[]; decrypt: boolean }): Promise<void> => {
    count('GetParameters');
    let out: GetParametersCommandOutput;
    try {
      out = await client.send(
        new GetParametersCommand({ Names: batch.items.map(requestKey), WithDecryption: batch.decrypt }),
      );
    } catch (error) {
      const name = (error as { name?: string }).name ?? '';
      if (!NOT_FOUND.test(name)) {
        throw ssmError(error, 'ssm:GetParameters', batch.items.map((r) => r.raw).join(', '));
      }
      // Some missing references fail the whole batch: read its names one by one to tell which.
      options.debug?.(`GetParameters answered ${name}; reading this batch one by one.`);
      for (const request of batch.items) await readOne(request, batch.decrypt);
      return;
    }
    const list = out.Parameters ?? [];
    const byKey = new Map(batch.items.map((r) => [baseKey(r.name), r] as const));
    maskResponse(list, (p) => byKey.get(baseKey(p.Name ?? ''))?.secretsManager ?? false);
    const found = new Set<ParameterRequest>();
    for (const p of list) {
      const request = byKey.get(baseKey(p.Name ?? ''));
      if (!request || found.has(request)) continue;
      found.add(request);
      accept(request, p);
    }
    for (const request of batch.items) {
      if (!found.has(request)) {
        missing.push({
          raw: request.raw,
          reason: request.selector ? 'version or label not found' : 'not found',
        });
      }
    }
  };

  const readPath = async (path: PathRequest): Promise<void> => {
    let token: string | undefined;
    let seen = 0;
    do {
      count('GetParametersByPath');
      let out: { Parameters?: Parameter[] | undefined; NextToken?: string | undefined };
      try {
        out = await client.send(
          new GetParametersByPathCommand({
            Path: path.path,
            Recursive: path.recursive,
            WithDecryption: options.withDecryption,
            MaxResults: PAGE_SIZE,
            ...(token ? { NextToken: token } : {}),
          }),
        );
      } catch (error) {
        throw ssmError(error, 'ssm:GetParametersByPath', `path ${path.path}`);
      }
      const list = out.Parameters ?? [];
      maskResponse(list, () => false);
      for (const p of list) {
        if (p.Name === undefined) continue;
        seen++;
        parameters.push({
          name: p.Name,
          value: p.Value ?? '',
          type: p.Type ?? 'String',
          ...(p.Version === undefined ? {} : { version: p.Version }),
          secret: isSecret(p, false),
          path,
        });
      }
      token = out.NextToken;
    } while (token);
    if (seen === 0) missing.push({ raw: path.raw, reason: 'no parameters under this path' });
  };

  const tasks: Array<() => Promise<void>> = [
    ...paths.map((path) => () => readPath(path)),
    ...batches.map((batch) => () => readBatch(batch)),
  ];
  options.debug?.(
    `Reading ${unique.length} parameter name(s) in ${batches.length} GetParameters call(s) and ${paths.length} path(s), ${options.concurrency} at a time.`,
  );
  await mapLimit(tasks, options.concurrency, (task) => task());
  // Responses arrive in any order: report in the order asked (names, then each path by name).
  const nameOrder = new Map(unique.map((r, i) => [r, i] as const));
  const pathOrder = new Map(paths.map((p, i) => [p, i] as const));
  const rank = (p: FetchedParameter): number =>
    p.requests ? (nameOrder.get(p.requests[0]!) ?? 0) : unique.length + (pathOrder.get(p.path!) ?? 0);
  parameters.sort((a, b) => rank(a) - rank(b) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const asked = new Map<string, number>();
  for (const raw of [...paths.map((p) => p.raw), ...names.map((r) => r.raw)])
    if (!asked.has(raw)) asked.set(raw, asked.size);
  missing.sort((a, b) => (asked.get(a.raw) ?? 0) - (asked.get(b.raw) ?? 0));
  return { parameters, missing, calls };
}

/** What the fetcher needs of an SSM client (a real `SSMClient` in production and in tests). */
export type SsmSender = Pick<SSMClient, 'send'>;
