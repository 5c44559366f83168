import { spawnSync } from 'node:child_process';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { cliEnv } from '../../test/support/aws/clients.ts';
import { startMoto } from '../../test/support/aws/moto.ts';
import { seedAwsBed } from '../../test/support/aws/seed.ts';
const moto = await startMoto();
const bed = await seedAwsBed(moto.endpoint);
await moto.enforceAuth();
const work = mkdtempSync(join(tmpdir(), 'x-'));
const files: Record<string,string> = {};
for (const n of ['GITHUB_ENV','GITHUB_OUTPUT','GITHUB_STATE']) { files[n]=join(work,n); writeFileSync(files[n],''); }
const env = { ...cliEnv(bed, { NODE_EXTRA_CA_CERTS: undefined }), ...files, GITHUB_ACTIONS:'true', GITHUB_REPOSITORY:'octo/webapp', GITHUB_RUN_ID:'7', GITHUB_WORKFLOW:'ci', GITHUB_ACTION:'creds', GITHUB_ACTOR:'octocat', GITHUB_WORKSPACE: work, GITHUB_SHA:'a'.repeat(40), RUNNER_TEMP: work,
 'INPUT_AWS-REGION': bed.region, 'INPUT_AWS-ACCESS-KEY-ID': bed.toolkitUser.accessKeyId, 'INPUT_AWS-SECRET-ACCESS-KEY': bed.toolkitUser.secretAccessKey, 'INPUT_ROLE-TO-ASSUME': bed.roles.pipeline.arn, 'INPUT_ROLE-EXTERNAL-ID': bed.externalId };
const files2 = process.argv.slice(2);
const times: Record<string, number[]> = {};
for (let i = 0; i < Number(process.env.N ?? 1); i++) for (const f of files2) {
  const t = process.hrtime.bigint();
  const args = f === 'floor' ? ['-e', '0'] : f.startsWith('load:') ? ['-e', `import(${JSON.stringify(f.slice(5))}).catch(()=>{})`] : [f];
  const r = spawnSync(process.execPath, args, { env: { ...env, ...(f.startsWith('load:') ? {'INPUT_AWS-REGION': ''} : {}), AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' }, encoding: 'utf8' });
  if (r.status !== 0 && !f.startsWith('load:')) console.log(f, r.status, r.stdout.slice(-400), r.stderr.slice(-400));
  (times[f] ??= []).push(Number(process.hrtime.bigint() - t) / 1e6);
}
for (const [f, t] of Object.entries(times)) { t.sort((a, b) => a - b); console.log(f.padEnd(50), 'min', t[0]!.toFixed(0), 'med', t[t.length >> 1]!.toFixed(0)); }
await moto.stop();
