import type { AwsCredentialIdentity } from '@aws-sdk/types';

/** A role a source asks to assume with its credentials (the AWS Toolkit's connection fields). */
export interface RoleRequest {
  readonly roleArn: string;
  readonly externalId?: string;
  readonly sessionName?: string;
  /** Where the request came from, for messages ("service connection `prod`"). */
  readonly from: string;
}

/** Credentials from one link of the chain, with where they came from. */
export interface SourcedCredentials extends AwsCredentialIdentity {
  /** Human-readable source for logs: "step inputs", "service connection `prod`", ... */
  readonly source: string;
  /** A role the source itself asks to assume with these credentials. */
  readonly role?: RoleRequest;
  /** The role these credentials already belong to (web identity links assume it themselves). */
  readonly assumedRoleArn?: string;
  /** The link already assumed the `role-to-assume` input (web identity): do not assume it again. */
  readonly usedInputRole?: boolean;
}

export type SourcedCredentialsProvider = () => Promise<SourcedCredentials>;

/** Caller identity from STS GetCallerIdentity. */
export interface CallerIdentity {
  readonly account: string;
  readonly arn: string;
  readonly userId: string;
}

/** The chain's answer: the final credentials (after any role), where they came from, the role. */
export interface Resolution {
  readonly credentials: AwsCredentialIdentity;
  readonly source: string;
  readonly roleArn?: string;
}
