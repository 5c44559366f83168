// The CLI as other CIs run it: `aws-ci-kit exec` (keys -> AssumeRole with an external id -> the
// command with the role's credentials in its environment only, output redacted) running
// `aws sts get-caller-identity`, against the shell users write today (`aws sts assume-role --query
// ... --output text`, `export`, then `aws sts get-caller-identity`), against the same moto (IAM
// enforced). In turns (one run of each per round, RUNS rounds, default 7), medians, CPU and ratio.
// Run: pnpm --filter @aws-ci-kit/bench bench:cli
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { cliEnv } from '../../test/support/aws/clients.ts';
import { startMoto } from '../../test/support/aws/moto.ts';
import { seedAwsBed } from '../../test/support/aws/seed.ts';
import { measureInTurns, timeCommand } from '../support/timing.ts';

const cli = resolve(import.meta.dirname, '../../packages/cli/dist/cli.js');
if (!existsSync(cli)) execFileSync('pnpm', ['--filter', '@aws-ci-kit/cli', 'bundle'], { stdio: 'ignore' });
const runs = Number(process.env.RUNS ?? 7);

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
  // Both end with the AWS CLI answering as the role; a wrong identity fails the run.
  const ours = `set -euo pipefail
"$NODE" "$CLI" exec --role-to-assume "$ROLE" --role-external-id "$EXTERNAL_ID" --verify-identity=false \\
  -- aws sts get-caller-identity --query Arn --output text 2>/dev/null | grep -q ':assumed-role/'`;
  const today = `set -euo pipefail
read -r key secret token < <(aws sts assume-role --role-arn "$ROLE" --role-session-name ci --external-id "$EXTERNAL_ID" \\
  --query 'Credentials.[AccessKeyId,SecretAccessKey,SessionToken]' --output text)
export AWS_ACCESS_KEY_ID="$key" AWS_SECRET_ACCESS_KEY="$secret" AWS_SESSION_TOKEN="$token"
aws sts get-caller-identity --query Arn --output text | grep -q ':assumed-role/'`;
  const [a, b] = await measureInTurns(runs, [
    { name: 'aws-ci-kit exec', run: () => timeCommand('bash', ['-c', ours], env) },
    { name: 'shell', run: () => timeCommand('bash', ['-c', today], env) },
  ]);
  console.log(
    `CLI: keys -> assume role (external id) -> the AWS CLI as the role (moto, ${runs} rounds in turns)`,
  );
  for (const [label, m] of [
    ['aws-ci-kit exec -- aws sts get-caller-identity', a!],
    ['aws sts assume-role + export + get-caller-identity', b!],
  ] as const) {
    console.log(
      `  ${label.padEnd(52)} median ${m.median.toFixed(0).padStart(5)} ms  CPU ${m.cpu.toFixed(0).padStart(5)} ms`,
    );
  }
  console.log(`  ratio aws-ci-kit / shell: ${(a!.median / b!.median).toFixed(2)}x`);
} finally {
  await moto.stop();
}
