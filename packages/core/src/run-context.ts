import type { RunContext } from './runtime.ts';

/** A run context from a CI's variables, read as they are: unset and empty ones are left out. */
export function runContext(fields: { readonly [K in keyof RunContext]-?: string | undefined }): RunContext {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(fields)) if (value) out[key] = value;
  return out;
}
