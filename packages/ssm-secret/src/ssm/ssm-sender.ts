import type { SSMClient } from '@aws-sdk/client-ssm';

/** What the readers need of an SSM client (a real `SSMClient` in production and in tests). */
export type SsmSender = Pick<SSMClient, 'send'>;
