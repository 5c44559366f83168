import { GetParameterCommand, GetParametersCommand, type Parameter } from '@aws-sdk/client-ssm';
import { ssmError } from './aws-error.ts';
import type { FetchCollector } from './fetch-collector.ts';
import { type ParameterRequest, requestKey, SECRETS_MANAGER_PREFIX } from './parameter-request.ts';
import type { SsmSender } from './ssm-sender.ts';

/** GetParameters takes at most 10 names. */
const BATCH_SIZE = 10;

const NOT_FOUND = /ParameterNotFound|ParameterVersionNotFound|ParameterVersionLabel|ResourceNotFound/;

/** One GetParameters call: up to 10 requests, decrypted or not. */
export interface NameBatch {
  readonly items: readonly ParameterRequest[];
  readonly decrypt: boolean;
}

/** The name a response carries for a request, whatever form it was asked in (name, ARN, Secrets Manager reference). */
export function baseKey(name: string): string {
  return name
    .replace(/^arn:[^:]+:ssm:[^:]*:[^:]*:parameter\//, '')
    .replace(SECRETS_MANAGER_PREFIX, '')
    .replace(/^\/+/, '');
}

/** The error's name (`ParameterNotFound`, ...), or empty. */
export function errorName(error: unknown): string {
  return typeof error === 'object' && error !== null && 'name' in error && typeof error.name === 'string'
    ? error.name
    : '';
}

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
 * Reads parameters by name: each name and selector once (every request for it keeps its own
 * variable), in GetParameters batches of 10, decrypting only where asked (Secrets Manager
 * references always); a batch that fails as a whole is read one name at a time.
 */
export class NameReader {
  /** The batches to read, decrypted ones first. */
  readonly batches: readonly NameBatch[];
  readonly #client: SsmSender;
  readonly #collector: FetchCollector;
  readonly #sameKey = new Map<string, ParameterRequest[]>();

  constructor(
    client: SsmSender,
    collector: FetchCollector,
    names: readonly ParameterRequest[],
    withDecryption: boolean,
  ) {
    this.#client = client;
    this.#collector = collector;
    for (const request of names) {
      const list = this.#sameKey.get(requestKey(request));
      if (list) list.push(request);
      else this.#sameKey.set(requestKey(request), [request]);
    }
    const unique = [...this.#sameKey.values()].map((list) => list[0]!);
    const decrypts = (r: ParameterRequest): boolean => withDecryption || r.secretsManager;
    this.batches = [
      ...planBatches(unique.filter(decrypts)).map((items) => ({ items, decrypt: true })),
      ...planBatches(unique.filter((r) => !decrypts(r))).map((items) => ({ items, decrypt: false })),
    ];
  }

  /** The number of distinct names and selectors read. */
  get size(): number {
    return this.#sameKey.size;
  }

  async readBatch(batch: NameBatch): Promise<void> {
    this.#collector.count('GetParameters');
    let list: readonly Parameter[];
    try {
      const out = await this.#client.send(
        new GetParametersCommand({ Names: batch.items.map(requestKey), WithDecryption: batch.decrypt }),
      );
      list = out.Parameters ?? [];
    } catch (error) {
      const name = errorName(error);
      if (!NOT_FOUND.test(name)) {
        throw ssmError(error, 'ssm:GetParameters', batch.items.map((r) => r.raw).join(', '));
      }
      // Some missing references fail the whole batch: read its names one by one to tell which.
      this.#collector.debug(`GetParameters answered ${name}; reading this batch one by one.`);
      for (const request of batch.items) await this.#readOne(request, batch.decrypt);
      return;
    }
    const byKey = new Map(batch.items.map((r) => [baseKey(r.name), r] as const));
    this.#collector.maskResponse(list, (p) => byKey.get(baseKey(p.Name ?? ''))?.secretsManager ?? false);
    const found = new Set<ParameterRequest>();
    for (const p of list) {
      const request = byKey.get(baseKey(p.Name ?? ''));
      if (!request || found.has(request)) continue;
      found.add(request);
      this.#accept(request, p);
    }
    for (const request of batch.items.filter((r) => !found.has(r))) {
      this.#collector.miss(request.raw, request.selector ? 'version or label not found' : 'not found');
    }
  }

  async #readOne(request: ParameterRequest, decrypt: boolean): Promise<void> {
    this.#collector.count('GetParameter');
    try {
      const out = await this.#client.send(
        new GetParameterCommand({ Name: requestKey(request), WithDecryption: decrypt }),
      );
      const p = out.Parameter;
      if (!p) return this.#collector.miss(request.raw, 'not found');
      this.#collector.maskResponse([p], () => request.secretsManager);
      this.#accept(request, p);
    } catch (error) {
      const name = errorName(error);
      if (!NOT_FOUND.test(name)) throw ssmError(error, 'ssm:GetParameter', request.raw);
      this.#collector.miss(
        request.raw,
        request.selector ? `version or label not found (${name})` : 'not found',
      );
    }
  }

  #accept(request: ParameterRequest, p: Parameter): void {
    const requests = this.#sameKey.get(requestKey(request)) ?? [request];
    this.#collector.found(request.name, p, request.secretsManager, { requests });
  }
}
