// The seed pipeline, end to end on the loopback bed, as a runnable demo:
//   cd bench && npx tsx ../test/ecr/demo.ts
// moto (IAM enforced) plays AWS, the Debian registry plays ECR under moto's host name (TLS, 443),
// a private Docker engine builds. The GitHub bundle assumes pipeline-role with the external id,
// builds Dockerfile.webapp, tags the short SHA and latest, pushes; then the Azure bundle pushes the
// same image daemonless through the AWS service connection. Prints what each CI would show.
import { execFile } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type CiRun, runAzure, runGithub } from '../contract/harness.ts';
import { makeTempDir, skopeoInspect, startDockerd, withEcrHostname } from '../support/registry/index.js';
import { startEcrAwsBed } from './support/ecr-bed.ts';
import { lockPort443 } from './support/port443-lock.ts';

const REGION = 'eu-central-1';
const PKG = join(import.meta.dirname, '..', '..', 'packages', 'ecr-push');
const scenario = {} as never;

function show(title: string, run: CiRun): void {
  console.log(`\n===== ${title}: exit ${run.main.exitCode}, post ${run.post.exitCode}`);
  for (const line of run.main.visible) console.log(`  ${line}`);
  for (const line of run.post.visible) console.log(`  (post) ${line}`);
}

const unlock = await lockPort443();
const work = await makeTempDir('ecr-demo');
const aws = await startEcrAwsBed();
const ecr = await withEcrHostname(REGION);
const dockerd = await startDockerd({ caCerts: [{ host: ecr.host, caFile: ecr.caFile as string }] });
try {
  console.log('Bundling packages/ecr-push ...');
  await promisify(execFile)(process.execPath, ['../../scripts/bundle.mjs'], { cwd: PKG });
  await ecr.addUser('AWS', '123456789012-auth-token'); // what moto's ECR token decodes to
  const app = join(work, 'app');
  await mkdir(app);
  await writeFile(join(app, 'index.html'), '<h1>webapp</h1>\n');
  await writeFile(join(app, 'Dockerfile.webapp'), 'FROM scratch\nCOPY index.html /srv/index.html\n');
  const env = {
    AWS_ENDPOINT_URL: aws.endpoint,
    AWS_EC2_METADATA_DISABLED: 'true',
    NODE_EXTRA_CA_CERTS: ecr.caFile as string,
    ...dockerd.env,
  };
  const github = await runGithub(join(PKG, 'dist', 'github.js'), {
    scenario,
    debug: false,
    env: {
      ...env,
      GITHUB_SHA: '3f9c2e1d8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e',
      'INPUT_AWS-REGION': REGION,
      'INPUT_AWS-ACCESS-KEY-ID': aws.bed.toolkitUser.accessKeyId,
      'INPUT_AWS-SECRET-ACCESS-KEY': aws.bed.toolkitUser.secretAccessKey,
      'INPUT_ROLE-TO-ASSUME': aws.bed.roles.pipeline.arn,
      'INPUT_ROLE-EXTERNAL-ID': aws.bed.externalId,
      INPUT_REPOSITORY: 'prod/webapp',
      INPUT_DOCKERFILE: join(app, 'Dockerfile.webapp'),
      INPUT_CONTEXT: app,
      'INPUT_CREATE-REPOSITORY': 'true',
    },
  });
  show('GitHub Actions: build, tag short SHA + latest, docker push', github);

  const archive = join(work, 'webapp.tar');
  await dockerd.docker(['save', '-o', archive, `${ecr.host}/prod/webapp:latest`]);
  const azure = await runAzure(join(PKG, 'dist', 'azure.js'), {
    scenario,
    debug: false,
    endpoints: {
      'AWS-serviceConnection': {
        url: 'https://aws.amazon.com/',
        scheme: 'UsernamePassword',
        parameters: {
          username: aws.bed.toolkitUser.accessKeyId,
          password: aws.bed.toolkitUser.secretAccessKey,
          assumeRoleArn: aws.bed.roles.pipeline.arn,
          externalId: aws.bed.externalId,
        },
      },
    },
    env: {
      ...env,
      INPUT_AWSCREDENTIALS: 'AWS-serviceConnection',
      INPUT_REGIONNAME: REGION,
      INPUT_IMAGESOURCE: 'imagename',
      INPUT_SOURCEIMAGENAME: archive,
      INPUT_REPOSITORYNAME: 'prod/webapp-copy',
      INPUT_AUTOCREATEREPOSITORY: 'true',
      INPUT_OUTPUTVARIABLE: 'PUSHED_IMAGE',
    },
  });
  show('Azure Pipelines: docker save archive, daemonless, ECRPushImage inputs', azure);

  const creds = { creds: { user: 'AWS', password: '123456789012-auth-token' }, certDir: ecr.caDir as string };
  for (const ref of ['prod/webapp:3f9c2e1', 'prod/webapp:latest', 'prod/webapp-copy:fffffff']) {
    const image = await skopeoInspect(`docker://${ecr.host}/${ref}`, creds).catch(() => undefined);
    console.log(`skopeo inspect ${ecr.host}/${ref}: ${image ? image.Digest : 'not found'}`);
  }
} finally {
  await dockerd.stop();
  await ecr.stop();
  await aws.stop();
  await rm(work, { recursive: true, force: true });
  await unlock();
}
