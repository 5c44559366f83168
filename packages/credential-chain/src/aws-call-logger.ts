import type { CiRuntime } from '@aws-ci-kit/core';

/** Keys whose string values are never logged, whatever the SDK's models say (ECR's authorizationToken is not marked sensitive). */
const SECRET_KEY = /token|secret|password|credential|privatekey/i;

function redact(value: unknown, key = ''): unknown {
  if (typeof value === 'string') return SECRET_KEY.test(key) ? '***' : value;
  if (Array.isArray(value)) return value.map((item) => redact(item, key));
  if (value instanceof Date) return value.toISOString();
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redact(v, k)]));
  }
  return value;
}

interface SdkLogEntry {
  readonly clientName?: string;
  readonly commandName?: string;
  readonly input?: unknown;
  readonly output?: unknown;
  readonly error?: unknown;
  readonly metadata?: { readonly httpStatusCode?: number; readonly attempts?: number };
}

/** The call's name in the log: `SSM GetParameter`. */
function callName(entry: SdkLogEntry): string {
  return `${(entry.clientName ?? '').replace(/Client$/, '')} ${(entry.commandName ?? '').replace(/Command$/, '')}`.trim();
}

/**
 * The AWS Toolkit's `logRequest` / `logResponse`: a logger for SDK v3 clients (their `logger`
 * option) that prints each call's request and/or response, one line each. The SDK already redacts
 * members its models mark sensitive (SSM parameter values, STS secret keys); tokens, secrets and
 * passwords are redacted here too, and the CI masks every registered secret in what remains.
 */
export function awsCallLogger(
  runtime: CiRuntime,
  log: { readonly request: boolean; readonly response: boolean },
) {
  const print = (entry: SdkLogEntry, failed: boolean) => {
    const name = callName(entry);
    if (log.request) runtime.log.info(`AWS request: ${name} ${JSON.stringify(redact(entry.input ?? {}))}`);
    if (!log.response) return;
    const status = entry.metadata?.httpStatusCode;
    if (failed) {
      const error = entry.error as { name?: string; message?: string } | undefined;
      runtime.log.info(
        `AWS response: ${name} failed${status ? ` (HTTP ${status})` : ''}: ${error?.name ?? 'Error'}`,
      );
    } else {
      runtime.log.info(
        `AWS response: ${name}${status ? ` (HTTP ${status})` : ''} ${JSON.stringify(redact(entry.output ?? {}))}`,
      );
    }
  };
  return {
    trace: () => {},
    debug: () => {},
    warn: () => {},
    info: (entry: unknown) => {
      if (entry && typeof entry === 'object' && 'commandName' in entry) print(entry as SdkLogEntry, false);
    },
    error: (entry: unknown) => {
      if (entry && typeof entry === 'object' && 'commandName' in entry) print(entry as SdkLogEntry, true);
    },
  };
}
