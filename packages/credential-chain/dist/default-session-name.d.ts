import type { RunContext } from '@aws-ci-kit/core';
/**
 * The session name used when none is configured: the CI's session prefix (`CiRules.sessionPrefix`),
 * the repository's short name and the run, e.g. `GitHubActions-webapp-123456-1`, sanitised to
 * `[\w+=,.@-]{2,64}` so CloudTrail shows who assumed the role.
 */
export declare function defaultSessionName(prefix: string, context: RunContext): string;
