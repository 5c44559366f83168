import { inputName } from '@aws-ci-kit/core';
import type { AwsCredentialIdentity } from '@aws-sdk/types';
import { type AssumeRoleParams, assumeRole } from './assume-role.ts';
import type { ChainContext } from './chain-context.ts';
import { completeRoleArn } from './complete-role-arn.ts';
import { AWS_PIPELINE_VARIABLES, CREDENTIAL_INPUTS as IN } from './credential-inputs.ts';
import { maskOnce } from './mask-once.ts';
import { sessionTags } from './session-tags.ts';
import type { Resolution, RoleRequest, SourcedCredentials } from './types.ts';

/** One role to assume: the source's own (a connection's), then the `role-to-assume` input's. */
interface Hop extends RoleRequest {
  readonly tagged: boolean;
  readonly fromInput: boolean;
}

/** Which roles to assume: the one the source names, the `role-to-assume` input's. */
export interface RoleChoice {
  readonly sourceRole: boolean;
  readonly inputRole: boolean;
}

function roleHops(context: ChainContext, base: SourcedCredentials, which: RoleChoice): Hop[] {
  const { runtime, settings } = context;
  const hops: Hop[] = [];
  if (base.role && which.sourceRole) hops.push({ ...base.role, tagged: false, fromInput: false });
  if (
    which.inputRole &&
    settings.roleToAssume &&
    !base.usedInputRole &&
    settings.roleToAssume !== base.role?.roleArn
  ) {
    hops.push({
      roleArn: settings.roleToAssume,
      from: `input \`${inputName(runtime, IN.roleToAssume)}\``,
      tagged: settings.sessionTagging,
      fromInput: true,
      ...(settings.roleExternalId ? { externalId: settings.roleExternalId } : {}),
      ...(settings.roleSessionName ? { sessionName: settings.roleSessionName } : {}),
    });
  }
  return hops;
}

/** Roles named by a source use the AWS Toolkit's `aws.rolecredential.maxduration` when it is valid. */
function sourceRoleDuration(context: ChainContext): number {
  const toolkitDuration = Number(context.runtime.variable(AWS_PIPELINE_VARIABLES.roleMaxDuration));
  return Number.isInteger(toolkitDuration) && toolkitDuration >= 900 && toolkitDuration <= 43200
    ? toolkitDuration
    : context.settings.roleDurationSeconds;
}

/** Tags, transitive keys and session policies of one hop (policies only on the last). */
function hopExtras(context: ChainContext, hop: Hop, last: boolean): Partial<AssumeRoleParams> {
  const { runtime, settings } = context;
  return {
    ...(hop.externalId ? { externalId: hop.externalId } : {}),
    ...(hop.tagged
      ? {
          tags: sessionTags(
            runtime.rules.sessionPrefix,
            runtime.context,
            settings.customTags,
            runtime.rules.sessionTags,
            inputName(runtime, IN.customTags),
          ),
          transitiveTagKeys: settings.transitiveTagKeys,
        }
      : {}),
    ...(last && settings.inlineSessionPolicy ? { policy: settings.inlineSessionPolicy } : {}),
    ...(last ? { policyArns: settings.managedSessionPolicies } : {}),
  };
}

/**
 * Assumes the role the source asks for and the `role-to-assume` input (as `which` says), each with the credentials of the one before, masking each set the moment it exists.
 */
export async function assumeRoleHops(
  context: ChainContext,
  base: SourcedCredentials,
  which: RoleChoice,
): Promise<Resolution> {
  const { runtime, settings, sts, retry } = context;
  const hops = roleHops(context, base, which);
  const sourceDuration = sourceRoleDuration(context);
  let current: AwsCredentialIdentity = base;
  let source = base.source;
  let roleArn = base.assumedRoleArn;
  for (const [index, hop] of hops.entries()) {
    const arn = await completeRoleArn(hop.roleArn, sts, current, retry, source, hop.from);
    // AWS limits a session assumed with another role's session (role chaining) to one hour.
    const chained = index > 0 || base.assumedRoleArn !== undefined;
    const wanted = hop.fromInput ? settings.roleDurationSeconds : sourceDuration;
    const assumed = await assumeRole(
      sts,
      current,
      {
        roleArn: arn,
        sessionName: hop.sessionName ?? context.defaultSessionName,
        durationSeconds: chained ? Math.min(wanted, 3600) : wanted,
        sourceName: source,
        ...hopExtras(context, hop, index === hops.length - 1),
      },
      retry,
    );
    maskOnce(runtime, assumed.accessKeyId, assumed.secretAccessKey, assumed.sessionToken);
    runtime.log.debug(`Assumed ${arn} (from ${hop.from}) with credentials from ${source}.`);
    current = assumed;
    roleArn = assumed.assumedRoleArn;
    source = `${source} -> role ${arn}`;
  }
  return {
    credentials: {
      accessKeyId: current.accessKeyId,
      secretAccessKey: current.secretAccessKey,
      ...(current.sessionToken ? { sessionToken: current.sessionToken } : {}),
      ...(current.expiration ? { expiration: current.expiration } : {}),
    },
    source,
    ...(roleArn ? { roleArn } : {}),
  };
}
