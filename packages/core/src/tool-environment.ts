type Env = Readonly<Record<string, string | undefined>>;

/** A step's inputs as the runners hand them over: `INPUT_<NAME>` variables, in any case. */
const STEP_INPUT = /^INPUT_/i;

/**
 * A tool's environment: the step's, without the step's own inputs (`INPUT_*`, which may hold a
 * secret the tool has no use for) and without the variables in `alsoDrop` (e.g. a runner token meant
 * for the step alone). The tools a step runs (docker, buildah, the AWS CLI) get everything else.
 */
export function toolEnvironment(
  env: Env,
  alsoDrop: readonly string[] = [],
): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(env)) {
    if (STEP_INPUT.test(name) || alsoDrop.includes(name)) continue;
    out[name] = value;
  }
  return out;
}
