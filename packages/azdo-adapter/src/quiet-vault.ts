import * as internal from 'azure-pipelines-task-lib/internal.js';

/**
 * The task library's `getInput` and `getVariable` print `name=value` as debug output before any code
 * of ours can mask the value, so with System.Debug on a key passed as a literal input (or held in a
 * variable not marked secret) would appear in clear. These read the same vault and variables the
 * library loaded at import, without printing anything.
 */
export function readInputQuietly(name: string): string | undefined {
  return internal._vault.retrieveSecret(`INPUT_${internal._getVariableKey(name)}`);
}

export function readVariableQuietly(
  name: string,
  env: Readonly<Record<string, string | undefined>>,
): string | undefined {
  const key = internal._getVariableKey(name);
  const info = internal._knownVariableMap[key];
  return info?.secret ? internal._vault.retrieveSecret(`SECRET_${key}`) : env[key];
}

/** Whether `value` is the value of one of the pipeline's secret variables (which the agent masks). */
export function isSecretVariableValue(
  value: string,
  env: Readonly<Record<string, string | undefined>>,
): boolean {
  for (const [key, info] of Object.entries(internal._knownVariableMap)) {
    if (info.secret && readVariableQuietly(key, env) === value) return true;
  }
  return false;
}
