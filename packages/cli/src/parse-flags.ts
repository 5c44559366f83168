import type { FlagSpec } from './commands.ts';
import { UsageError } from './usage-error.ts';

export interface ParsedFlags {
  /** Value flags; a flag given twice keeps both values, one per line (list inputs). Booleans: `true`/`false`. */
  readonly values: Record<string, string>;
  /** Boolean flags that are on. */
  readonly switches: ReadonlySet<string>;
}

const BOOLEAN_VALUE = /^(true|false)$/i;

/** A boolean flag's value: `--name` (true), `--name=true|false`, or `--name true|false`. */
function booleanValue(command: string, name: string, inline: string | undefined, next: string | undefined) {
  if (inline === undefined) {
    return next !== undefined && BOOLEAN_VALUE.test(next)
      ? { value: next.toLowerCase(), used: 1 }
      : { value: 'true', used: 0 };
  }
  if (!BOOLEAN_VALUE.test(inline))
    throw new UsageError(
      `aws-ci-kit ${command}: --${name} is true or false, got "${inline}"; write --${name}, --${name}=true or --${name}=false.`,
    );
  return { value: inline.toLowerCase(), used: 0 };
}

/** Edit distance, for "did you mean". */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const next = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = row[j]!;
      row[j] = next;
    }
  }
  return row[b.length]!;
}

/**
 * Parses `--name value`, `--name=value` and booleans (`--debug`, `--role-chaining=false`) against
 * the known flags; `-h` is `--help`. Every error is one line naming the flag and the fix.
 */
export function parseFlags(
  command: string,
  argv: readonly string[],
  known: readonly FlagSpec[],
): ParsedFlags {
  const byName = new Map(known.map((f) => [f.name, f]));
  const values: Record<string, string> = {};
  const switches = new Set<string>();
  const help = `Run \`aws-ci-kit ${command} --help\` for the flags.`;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '-h' && byName.has('help')) {
      switches.add('help');
      continue;
    }
    if (!arg.startsWith('--') || arg === '--') {
      throw new UsageError(
        `aws-ci-kit ${command}: unexpected argument "${arg}": every setting is a --flag. ${help}`,
      );
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    const spec = byName.get(name);
    if (!spec) {
      const near = known
        .map((f) => ({ f, d: distance(name, f.name) }))
        .sort((a, b) => a.d - b.d)
        .find((c) => c.d <= Math.max(2, Math.floor(name.length / 4)));
      throw new UsageError(
        `aws-ci-kit ${command}: unknown flag --${name}. ${near ? `Did you mean --${near.f.name}? ` : ''}${help}`,
      );
    }
    if (spec.boolean) {
      const { value, used } = booleanValue(
        command,
        name,
        eq === -1 ? undefined : arg.slice(eq + 1),
        argv[i + 1],
      );
      i += used;
      values[name] = value;
      if (value === 'true') switches.add(name);
      else switches.delete(name);
      continue;
    }
    let value: string | undefined;
    if (eq !== -1) value = arg.slice(eq + 1);
    else {
      value = argv[i + 1];
      if (value === undefined || (value.startsWith('--') && byName.has(value.slice(2).split('=')[0]!))) {
        throw new UsageError(
          `aws-ci-kit ${command}: --${name} needs a value; write --${name} <value> or --${name}=<value>.`,
        );
      }
      i++;
    }
    values[name] = values[name] === undefined ? value : `${values[name]}\n${value}`;
  }
  return { values, switches };
}
