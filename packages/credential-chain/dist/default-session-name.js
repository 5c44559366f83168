import { sanitizeSessionName } from "./sanitize-session-name.js";
/**
 * The session name used when none is configured: the CI's session prefix (`CiRules.sessionPrefix`),
 * the repository's short name and the run, e.g. `GitHubActions-webapp-123456-1`, sanitised to
 * `[\w+=,.@-]{2,64}` so CloudTrail shows who assumed the role.
 */
export function defaultSessionName(prefix, context) {
    const repo = context.repository?.split('/').pop();
    const parts = [prefix, repo, context.runId, context.runAttempt].filter((p) => !!p);
    return sanitizeSessionName(parts.join('-'), prefix);
}
