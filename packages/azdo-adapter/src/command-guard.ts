import { guardOneLine, guardOutput } from '@aws-ci-kit/core';
import { azurePipelinesRules } from './azure-rules.ts';

const SYNTAX = azurePipelinesRules(() => undefined).logCommands;

/**
 * The agent reads `##vso[...]` anywhere in a line and `##[...]` formatting commands: core's one
 * guard prints them with a zero-width space after the `##` (it reads the same to a person and can
 * never become a command), control characters shown escaped.
 */
export function guardCommands(text: string): string {
  return guardOutput(text, SYNTAX);
}

/** One-line data for a command's title (group names): no newlines, no commands. */
export function guardTitle(text: string): string {
  return guardOneLine(text, SYNTAX);
}
