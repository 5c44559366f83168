import { createSsmClient } from '@aws-ci-kit/ssm-secret/ssm';
import { GetParameterCommand } from '@aws-sdk/client-ssm';
import type { Credentials } from '../support/aws/clients.js';

/** The naive way: one GetParameter call per name, one after the other (benchmark baseline). */
export async function naiveGetEach(
  target: { endpoint: string; region: string },
  credentials: Credentials,
  names: readonly string[],
): Promise<Map<string, string>> {
  const client = createSsmClient({
    region: target.region,
    credentials: async () => credentials,
    endpoint: target.endpoint,
  });
  const values = new Map<string, string>();
  try {
    for (const name of names) {
      const out = await client.send(new GetParameterCommand({ Name: name, WithDecryption: true }));
      values.set(name, out.Parameter?.Value ?? '');
    }
  } finally {
    client.destroy();
  }
  return values;
}
