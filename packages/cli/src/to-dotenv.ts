import { formatDotenv } from '@aws-ci-kit/ssm-secret/ssm';

/**
 * The one place the CLI turns variables into dotenv text, with the project's shared formatter
 * (round-trips through python-dotenv, dotenv for Node and bash), so it can be repointed in one line.
 */
export function toDotenv(entries: ReadonlyArray<{ name: string; value: string }>): string {
  return formatDotenv(entries);
}
