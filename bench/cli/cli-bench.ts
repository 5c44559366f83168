// `aws-ci-kit credentials` (keys -> AssumeRole with an external id -> GetCallerIdentity -> shell
// export, eval'd by bash) vs the shell users write today (`aws sts assume-role --query ... --output
// text` + `export`, then `aws sts get-caller-identity` to verify), against the same moto (IAM
// enforced). One run each, as a user's job runs it; the ratio is printed.
// Run: pnpm --filter @aws-ci-kit/bench bench:cli
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { cliEnv } from '../../test/support/aws/clients.ts';
import { startMoto } from '../../test/support/aws/moto.ts';
import { seedAwsBed } from '../../test/support/aws/seed.ts';
import { timeCommand } from '../support/timing.ts';

const cli = resolve(import.meta.dirname, '../../packages/cli/dist/cli.js');
if (!existsSync(cli)) execFileSync('pnpm', ['--filter', '@aws-ci-kit/cli', 'bundle'], { stdio: 'ignore' });

const moto = await startMoto();
try {
  const bed = await seedAwsBed(moto.endpoint);
  await moto.enforceAuth();
  // NODE_EXTRA_CA_CERTS goes: this machine sets it globally (~55 ms per node start), no CI runner does.
  const env = {
    ...cliEnv(bed, { NODE_EXTRA_CA_CERTS: undefined }),
    AWS_ACCESS_KEY_ID: bed.toolkitUser.accessKeyId,
    AWS_SECRET_ACCESS_KEY: bed.toolkitUser.secretAccessKey,
    ROLE: bed.roles.pipeline.arn,
    EXTERNAL_ID: bed.externalId,
    CLI: cli,
    NODE: process.execPath,
  };
  const ours = `set -euo pipefail
eval "$("$NODE" "$CLI" credentials --role-to-assume "$ROLE" --role-external-id "$EXTERNAL_ID" --export shell 2>/dev/null)"
test -n "$AWS_SESSION_TOKEN"`;
  const today = `set -euo pipefail
read -r key secret token < <(aws sts assume-role --role-arn "$ROLE" --role-session-name ci --external-id "$EXTERNAL_ID" \\
  --query 'Credentials.[AccessKeyId,SecretAccessKey,SessionToken]' --output text)
export AWS_ACCESS_KEY_ID="$key" AWS_SECRET_ACCESS_KEY="$secret" AWS_SESSION_TOKEN="$token"
aws sts get-caller-identity --query Arn --output text >/dev/null`;
  const a = await timeCommand('bash', ['-c', ours], env);
  const b = await timeCommand('bash', ['-c', today], env);
  for (const [name, s] of [
    ['aws-ci-kit', a],
    ['shell', b],
  ] as const) {
    if (s.code !== 0) throw new Error(`${name} failed (exit ${s.code}): ${s.stderr.slice(-400)}`);
  }
  console.log(
    'credentials: keys -> assume role (external id) -> verify -> exported to the shell (moto, one run)',
  );
  console.log(`  aws-ci-kit credentials --export shell (eval)        ${a.ms.toFixed(0).padStart(6)} ms`);
  console.log(`  aws sts assume-role + export + get-caller-identity  ${b.ms.toFixed(0).padStart(6)} ms`);
  console.log(`  ratio shell / aws-ci-kit: ${(b.ms / a.ms).toFixed(2)}x`);
} finally {
  await moto.stop();
}
