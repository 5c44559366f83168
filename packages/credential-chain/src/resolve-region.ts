import type { CiRuntime } from '@aws-ci-kit/core';
import { CiKitError, inputName, quoteValue } from '@aws-ci-kit/core';
import { AWS_ENV, AWS_PIPELINE_VARIABLES, CREDENTIAL_INPUTS as IN } from './credential-inputs.ts';
import { loadProfileSections } from './load-profile-sections.ts';
import type { ProfileFiles } from './profile-files.ts';
import { regionFromInstanceMetadata } from './region-from-instance-metadata.ts';

export interface ResolvedRegion {
  readonly region: string;
  /** Where it came from: "input `aws-region`", "AWS_REGION", ... */
  readonly from: string;
}

const REGION = /^[a-z]{2,4}(-[a-z]+)+-\d+$/;
/**
 * The words between a region's prefix and its number (`eu-central-1`, `us-gov-west-1`). New regions
 * reuse them, so a region with another word (`eu-centrall-1`) is a typo: refused at once instead of
 * failing after DNS retries on an endpoint that does not exist.
 */
const REGION_WORDS = new Set([
  'central',
  'north',
  'south',
  'east',
  'west',
  'northeast',
  'northwest',
  'southeast',
  'southwest',
  'gov',
  'iso',
  'isob',
  'isoe',
  'isof',
  'de',
]);

function closestWord(word: string): string | undefined {
  let best: [string, number] | undefined;
  for (const known of REGION_WORDS) {
    let common = 0;
    while (common < word.length && word[common] === known[common]) common++;
    const score = common - Math.abs(known.length - word.length);
    if (!best || score > best[1]) best = [known, score];
  }
  return best && best[1] >= 3 ? best[0] : undefined;
}

/**
 * The region, first found of: the input, the `AWS.Region` pipeline variable, AWS_REGION,
 * AWS_DEFAULT_REGION, the profile's `region`, instance metadata (unless disabled).
 */
export async function resolveRegion(
  runtime: CiRuntime,
  input: string | undefined,
  profile: ProfileFiles,
): Promise<ResolvedRegion> {
  const candidates: Array<[string | undefined, string]> = [
    [input, `input \`${inputName(runtime, IN.region)}\``],
    [runtime.variable(AWS_PIPELINE_VARIABLES.region), `pipeline variable ${AWS_PIPELINE_VARIABLES.region}`],
    [runtime.variable(AWS_ENV.region), AWS_ENV.region],
    [runtime.variable(AWS_ENV.defaultRegion), AWS_ENV.defaultRegion],
  ];
  let found = candidates.find(([value]) => value !== undefined);
  if (!found) {
    const sections = await loadProfileSections(profile).catch(() => undefined);
    if (sections?.region) found = [sections.region, `profile \`${profile.name}\``];
  }
  if (!found && runtime.variable(AWS_ENV.metadataDisabled)?.toLowerCase() !== 'true') {
    const region = await regionFromInstanceMetadata(runtime.variable(AWS_ENV.metadataEndpoint));
    if (region) found = [region, 'instance metadata'];
  }
  if (!found?.[0]) {
    throw new CiKitError('input', 'No AWS region is configured.', {
      code: 'RegionMissing',
      hint: runtime.rules.regionHint,
    });
  }
  const [value, from] = found;
  const region = value.trim().toLowerCase();
  if (!REGION.test(region)) {
    throw new CiKitError('input', `${quoteValue(value)} from ${from} is not an AWS region.`, {
      code: 'RegionInvalid',
      hint: 'Use a region code such as eu-central-1.',
    });
  }
  const words = region.split('-').slice(1, -1);
  const odd = words.find((word) => !REGION_WORDS.has(word));
  if (odd !== undefined) {
    const guess = closestWord(odd);
    throw new CiKitError(
      'input',
      `${quoteValue(value)} from ${from} is not an AWS region (no region has \`${odd}\` in its name).`,
      {
        code: 'RegionInvalid',
        hint: guess
          ? `Did you mean ${region.replace(odd, guess)}? Use a region code such as eu-central-1.`
          : 'Use a region code such as eu-central-1.',
      },
    );
  }
  return { region, from };
}
