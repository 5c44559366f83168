// Test only: an AWS tool in the job (the SDK's default chain, as every SDK-based tool resolves
// credentials) writes the credentials it got to the file named by argv[2], never to the log, so
// the test can look for them in the log.
import { writeFileSync } from 'node:fs';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';

const credentials = await fromNodeProviderChain()();
writeFileSync(
  process.argv[2],
  JSON.stringify({
    accessKeyId: credentials.accessKeyId,
    secretAccessKey: credentials.secretAccessKey,
    sessionToken: credentials.sessionToken,
  }),
  { mode: 0o600 },
);
