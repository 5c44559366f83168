import type { RunContext } from '@aws-ci-kit/core';
export interface SessionTag {
    readonly Key: string;
    readonly Value: string;
}
/**
 * Session tags describing the run: the CI's convention when it has one (`CiRules.sessionTags`; GitHub:
 * configure-aws-credentials' keys), else core's run tags (`CI` is `CiRules.sessionPrefix`, Repository,
 * Pipeline, RunId, Commit, Branch, Actor); plus custom tags; a custom tag
 * overrides a run tag of the same key. Empty values are left out.
 */
export declare function sessionTags(ciTag: string, context: RunContext, custom?: Readonly<Record<string, string>>, convention?: Readonly<Record<string, string>>, input?: string): SessionTag[];
