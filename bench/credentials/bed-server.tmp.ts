// temp: start moto + bed, write env json, wait
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliEnv } from '../../test/support/aws/clients.ts';
import { startMoto } from '../../test/support/aws/moto.ts';
import { seedAwsBed } from '../../test/support/aws/seed.ts';
const moto = await startMoto();
const bed = await seedAwsBed(moto.endpoint);
await moto.enforceAuth();
const clean = cliEnv(bed, { NODE_EXTRA_CA_CERTS: undefined });
const work = mkdtempSync(join(tmpdir(), 'bedsrv-'));
const env = { ...clean, GITHUB_ACTIONS: 'true', GITHUB_REPOSITORY: 'octo/webapp', GITHUB_RUN_ID: '7', GITHUB_SHA: 'a'.repeat(40), GITHUB_WORKFLOW: 'ci', GITHUB_ACTION: 'credentials', GITHUB_ACTOR: 'octocat', GITHUB_WORKSPACE: work, RUNNER_TEMP: work,
  'INPUT_AWS-REGION': bed.region, 'INPUT_AWS-ACCESS-KEY-ID': bed.toolkitUser.accessKeyId, 'INPUT_AWS-SECRET-ACCESS-KEY': bed.toolkitUser.secretAccessKey,
  'INPUT_ROLE-TO-ASSUME': bed.roles.pipeline.arn, 'INPUT_ROLE-EXTERNAL-ID': bed.externalId, GITHUB_ENV: join(work,'env'), GITHUB_OUTPUT: join(work,'out'), GITHUB_STATE: join(work,'state') };
writeFileSync('/tmp/perf/env.json', JSON.stringify(env));
console.log('ready', moto.endpoint);
process.on('SIGTERM', async () => { await moto.stop(); process.exit(0); });
setInterval(() => {}, 1 << 30);
