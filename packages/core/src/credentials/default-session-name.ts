import type { CiName, RunContext } from '../runtime.ts';
import { sanitizeSessionName } from './sanitize-session-name.ts';

const PREFIX: Record<CiName, string> = {
  github: 'GitHubActions',
  'azure-pipelines': 'AzurePipelines',
  generic: 'aws-ci-kit',
};

/**
 * The session name used when none is configured: the CI's convention (GitHub: `GitHubActions`, as
 * configure-aws-credentials), else the CI, the repository's short name and the run,
 * e.g. `GitHubActions-webapp-123456-1`, sanitised to `[\w+=,.@-]{2,64}` so CloudTrail shows who assumed the role.
 */
export function defaultSessionName(ci: CiName, context: RunContext): string {
  if (context.roleSessionName) return sanitizeSessionName(context.roleSessionName, PREFIX[ci]);
  const repo = context.repository?.split('/').pop();
  const parts = [PREFIX[ci], repo, context.runId, context.runAttempt].filter((p): p is string => !!p);
  return sanitizeSessionName(parts.join('-'), PREFIX[ci]);
}
