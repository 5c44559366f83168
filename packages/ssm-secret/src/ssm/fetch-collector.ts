import type { Parameter } from '@aws-sdk/client-ssm';
import type { ParameterRequest, PathRequest } from './parameter-request.ts';

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

export interface FetchResult {
  readonly parameters: FetchedParameter[];
  readonly missing: MissingParameter[];
  /** SSM API calls made (SDK retries not counted), by operation. */
  readonly calls: Readonly<Record<string, number>>;
}

export interface CollectorOptions {
  /** Treat String and StringList values as secrets too. */
  readonly maskAll: boolean;
  /** Receives every secret value the moment it is read, before anything else sees it. */
  readonly mask: (value: string) => void;
  readonly debug?: (message: string) => void;
}

/** Where a value came from: the requests for one name and selector, or a path. */
export type FetchOrigin = { readonly requests: readonly ParameterRequest[] } | { readonly path: PathRequest };

/**
 * What the readers found, in the order responses arrive: the values (each secret masked first),
 * what was missing, and the calls made. `result` puts them back in the order asked.
 */
export class FetchCollector {
  readonly #options: CollectorOptions;
  readonly #parameters: FetchedParameter[] = [];
  readonly #missing: MissingParameter[] = [];
  readonly #calls: Record<string, number> = {};

  constructor(options: CollectorOptions) {
    this.#options = options;
  }

  /** One SSM call about to go out. */
  count(operation: string): void {
    this.#calls[operation] = (this.#calls[operation] ?? 0) + 1;
  }

  debug(message: string): void {
    this.#options.debug?.(message);
  }

  isSecret(p: Parameter, secretsManager: boolean): boolean {
    return secretsManager || p.Type === 'SecureString' || this.#options.maskAll;
  }

  /** The first thing done with any response: register its secret values with the CI. */
  maskResponse(list: readonly Parameter[], secretsManager: (p: Parameter) => boolean): void {
    for (const p of list)
      if (p.Value !== undefined && this.isSecret(p, secretsManager(p))) this.#options.mask(p.Value);
  }

  /** A value of a response already masked with `maskResponse`. */
  found(name: string, p: Parameter, secretsManager: boolean, origin: FetchOrigin): void {
    this.#parameters.push({
      name,
      value: p.Value ?? '',
      type: p.Type ?? 'String',
      ...(p.Version === undefined ? {} : { version: p.Version }),
      secret: this.isSecret(p, secretsManager),
      ...origin,
    });
  }

  miss(raw: string, reason: string): void {
    this.#missing.push({ raw, reason });
  }

  /**
   * Everything found, in the order asked (responses arrive in any order): values by name in the
   * order of `names` (each name and selector once), then each path's values by name; missing entries
   * paths first, then names.
   */
  result(names: readonly ParameterRequest[], paths: readonly PathRequest[]): FetchResult {
    const nameOrder = new Map(names.map((r, i) => [r, i] as const));
    const pathOrder = new Map(paths.map((p, i) => [p, i] as const));
    const rank = (p: FetchedParameter): number =>
      p.requests ? (nameOrder.get(p.requests[0]!) ?? 0) : names.length + (pathOrder.get(p.path!) ?? 0);
    const parameters = [...this.#parameters].sort(
      (a, b) => rank(a) - rank(b) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
    );
    const asked = new Map<string, number>();
    for (const raw of [...paths.map((p) => p.raw), ...names.map((r) => r.raw)])
      if (!asked.has(raw)) asked.set(raw, asked.size);
    const missing = [...this.#missing].sort((a, b) => (asked.get(a.raw) ?? 0) - (asked.get(b.raw) ?? 0));
    return { parameters, missing, calls: { ...this.#calls } };
  }
}
