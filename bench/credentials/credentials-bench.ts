// Credentials step vs configure-aws-credentials vs node's floor vs the AWS CLI, doing the same
// exchange against moto (IAM enforced): keys -> AssumeRole with an external id -> GetCallerIdentity.
// Run: pnpm --filter @aws-ci-kit/bench bench:credentials   (RUNS=N to change the run count)
// The peer is a GitHub action, not on npm: point CONFIGURE_AWS_CREDENTIALS_DIST at the bundle a
// checkout of it commits, e.g.
//   git clone https://github.com/aws-actions/configure-aws-credentials /tmp/cac
//   CONFIGURE_AWS_CREDENTIALS_DIST=/tmp/cac/dist/index.js pnpm --filter @aws-ci-kit/bench bench:credentials
// (figures in the README: its commit bcd4089). Without it the table compares to node's floor and the
// AWS CLI only. None of its code is copied into this repository.
import { existsSync, mkdtemp, rm, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { cliEnv, toolkitConnection } from '../../test/support/aws/clients.ts';
import { startMoto } from '../../test/support/aws/moto.ts';
import { seedAwsBed } from '../../test/support/aws/seed.ts';
import { measure, measureInTurns, printTable, timeCommand } from '../support/timing.ts';

const RUNS = Number(process.env.RUNS ?? 10);
const dist = resolve(import.meta.dirname, '../../packages/aws-credentials/dist');
const peer = process.env.CONFIGURE_AWS_CREDENTIALS_DIST;
if (peer && !existsSync(peer)) throw new Error(`CONFIGURE_AWS_CREDENTIALS_DIST: no file ${peer}`);

const moto = await startMoto();
const work = await new Promise<string>((ok, fail) =>
  mkdtemp(join(tmpdir(), 'bench-credentials-'), (error, dir) => (error ? fail(error) : ok(dir))),
);
try {
  const bed = await seedAwsBed(moto.endpoint);
  await moto.enforceAuth();
  // cliEnv drops inherited AWS_* variables. NODE_EXTRA_CA_CERTS goes too: this machine sets it
  // globally (the whole system bundle, ~55 ms on every node start), which no CI runner does.
  const clean = cliEnv(bed, { NODE_EXTRA_CA_CERTS: undefined });

  const githubEnv = (): NodeJS.ProcessEnv => {
    const files: Record<string, string> = {};
    for (const name of ['GITHUB_ENV', 'GITHUB_OUTPUT', 'GITHUB_STATE']) {
      files[name] = join(work, name.toLowerCase());
      writeFileSync(files[name], '');
    }
    return {
      ...clean,
      ...files,
      GITHUB_ACTIONS: 'true',
      GITHUB_REPOSITORY: 'octo/webapp',
      GITHUB_RUN_ID: '7',
      GITHUB_SHA: 'a'.repeat(40),
      // What every runner sets; configure-aws-credentials refuses to assume a role without them.
      GITHUB_WORKFLOW: 'ci',
      GITHUB_ACTION: 'credentials',
      GITHUB_ACTOR: 'octocat',
      GITHUB_WORKSPACE: work,
      RUNNER_TEMP: work,
      'INPUT_AWS-REGION': bed.region,
      'INPUT_AWS-ACCESS-KEY-ID': bed.toolkitUser.accessKeyId,
      'INPUT_AWS-SECRET-ACCESS-KEY': bed.toolkitUser.secretAccessKey,
      'INPUT_ROLE-TO-ASSUME': bed.roles.pipeline.arn,
      'INPUT_ROLE-EXTERNAL-ID': bed.externalId,
    };
  };
  const azureEnv = (): NodeJS.ProcessEnv => ({
    ...clean,
    AGENT_TEMPDIRECTORY: work,
    BUILD_REPOSITORY_NAME: 'webapp',
    BUILD_BUILDID: '7',
    BUILD_SOURCEVERSION: 'a'.repeat(40),
    INPUT_AWSCREDENTIALS: 'aws-connection',
    INPUT_REGIONNAME: bed.region,
    'ENDPOINT_URL_aws-connection': 'https://aws.amazon.com/',
    'ENDPOINT_AUTH_aws-connection': JSON.stringify(toolkitConnection(bed)),
  });

  // The AWS CLI does the same exchange through a profile: source keys, role_arn, external_id.
  const config = join(work, 'config');
  const credentials = join(work, 'credentials');
  writeFileSync(
    config,
    `[profile pipeline]\nrole_arn = ${bed.roles.pipeline.arn}\nsource_profile = toolkit\nexternal_id = ${bed.externalId}\nregion = ${bed.region}\n`,
  );
  writeFileSync(
    credentials,
    `[toolkit]\naws_access_key_id = ${bed.toolkitUser.accessKeyId}\naws_secret_access_key = ${bed.toolkitUser.secretAccessKey}\n`,
  );
  // HOME too: the CLI caches assumed-role credentials in ~/.aws/cli/cache, which would outlive this moto.
  const cli = {
    ...clean,
    HOME: work,
    AWS_CONFIG_FILE: config,
    AWS_SHARED_CREDENTIALS_FILE: credentials,
    AWS_PROFILE: 'pipeline',
  };

  // In turns (a round of every command, then the next) so that the load of the machine weighs
  // on each alike; the AWS CLI rows are slow and stay out of the turns.
  const rows = [
    ...(await measureInTurns(RUNS, [
      { name: 'node -e 0 (floor)', run: () => timeCommand(process.execPath, ['-e', '0'], clean) },
      ...(peer
        ? [
            {
              name: 'configure-aws-credentials: keys + assume role + verify',
              run: () => timeCommand(process.execPath, [peer], githubEnv()),
            },
          ]
        : []),
      {
        name: 'aws-ci-kit GitHub entry: keys + assume role + verify',
        run: () => timeCommand(process.execPath, [join(dist, 'github.js')], githubEnv()),
      },
      {
        name: 'aws-ci-kit Azure entry: service connection + role + verify',
        run: () => timeCommand(process.execPath, [join(dist, 'azure.js')], azureEnv()),
      },
    ])),
    await measure('aws sts get-caller-identity (profile: role + external id)', Math.min(RUNS, 5), () =>
      timeCommand('aws', ['sts', 'get-caller-identity'], cli),
    ),
    await measure('aws --version (the CLI starting)', Math.min(RUNS, 5), () =>
      timeCommand('aws', ['--version'], clean),
    ),
  ];
  printTable(`credentials: ${RUNS} runs each, moto on loopback with IAM enforced`, rows);
  const peerRow = peer ? rows[1] : undefined;
  if (peerRow) {
    console.log('\nratio to configure-aws-credentials on the same job (goal: at most 0.50x):');
    for (const row of rows.filter((r) => r.name.startsWith('aws-ci-kit')))
      console.log(`  ${row.name.padEnd(58)} ${(row.median / peerRow.median).toFixed(2)}x`);
  } else {
    console.log(
      '\n(set CONFIGURE_AWS_CREDENTIALS_DIST to a configure-aws-credentials dist/index.js to compare with it)',
    );
  }
  console.log('\nentry bundles (the chunks in dist/chunks/ load on demand):');
  for (const name of ['github.js', 'azure.js']) {
    const size = statSync(join(dist, name)).size;
    console.log(
      `  packages/aws-credentials/dist/${name}  ${(size / 1024).toFixed(0)} KiB${size < 400 * 1024 ? '' : '  (over 400 KiB!)'}`,
    );
  }
} finally {
  await moto.stop();
  rm(work, { recursive: true, force: true }, () => {});
}
