import { formatDotenv } from '@aws-ci-kit/core';

/**
 * The CLI's dotenv text: core's one formatter (round-trips through python-dotenv, dotenv for Node
 * and bash; a value outside that subset is refused in one line, naming `--export dotenv`).
 */
export function toDotenv(entries: ReadonlyArray<{ name: string; value: string }>): string {
  return formatDotenv(entries, '--export dotenv');
}
