import { mapLimit } from '@aws-ci-kit/core';
import { FetchCollector, type FetchResult } from './fetch-collector.ts';
import type { ParameterRequest, PathRequest, SsmRequest } from './parameter-request.ts';
import { NameReader } from './read-by-name.ts';
import { readByPath } from './read-by-path.ts';
import type { SsmSender } from './ssm-sender.ts';

export type { FetchedParameter, FetchResult, MissingParameter } from './fetch-collector.ts';
export type { SsmSender } from './ssm-sender.ts';

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

/**
 * Reads parameters by name (GetParameters, 10 names a call, batches in parallel) and by path
 * (GetParametersByPath, every page), masking each secret value as soon as its response arrives.
 * The first error stops new calls (those in flight finish) and is thrown.
 */
export async function fetchParameters(
  client: SsmSender,
  requests: readonly SsmRequest[],
  options: FetchOptions,
): Promise<FetchResult> {
  const names = requests.filter((r): r is ParameterRequest => r.kind === 'name');
  const paths = requests.filter((r): r is PathRequest => r.kind === 'path');
  const collector = new FetchCollector(options);
  const byName = new NameReader(client, collector, names, options.withDecryption);
  const tasks: Array<() => Promise<void>> = [
    ...paths.map((path) => () => readByPath(client, collector, path, options.withDecryption)),
    ...byName.batches.map((batch) => () => byName.readBatch(batch)),
  ];
  options.debug?.(
    `Reading ${byName.size} parameter name(s) in ${byName.batches.length} GetParameters call(s) and ${paths.length} path(s), ${options.concurrency} at a time.`,
  );
  await mapLimit(tasks, options.concurrency, (task) => task());
  return collector.result(names, paths);
}
