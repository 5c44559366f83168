import { guardOneLine, guardOutput } from '@aws-ci-kit/core';
import { githubRules } from './github-rules.ts';

const SYNTAX = githubRules({}).logCommands;

/**
 * Text for the GitHub log that can never become a workflow command: core's one guard with the
 * runner's syntax (`::` at a line's start after CR or LF, the legacy `##[` anywhere), control
 * characters shown escaped.
 */
export function guardCommands(text: string): string {
  return guardOutput(text, SYNTAX);
}

/** One line for a command's data (group titles, error lines). */
export function guardTitle(text: string): string {
  return guardOneLine(text, SYNTAX);
}
