// `pnpm demo`: the seed pipeline (shared/seeds/001) end to end, on loopback, through the real bundles.
//   AWS: moto with IAM enforced (signatures and policies checked), the seed's least-privilege role
//        trusting the service connection's IAM user only with the external id.
//   ECR: the Debian registry serving TLS under moto's ECR host name, a private Docker engine.
// The same pipeline runs twice, as Azure Pipelines tasks (service connection, Toolkit input names)
// and as a GitHub workflow (configure-aws-credentials input names); each step prints what its CI shows.
import { execFile } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { cliEnv, toolkitConnection } from '../support/aws/clients.ts';
import { startMoto } from '../support/aws/moto.ts';
import { seedAwsBed } from '../support/aws/seed.ts';
import { type AzureEndpoint, type CiRun, runStep } from '../support/ci/index.ts';
import {
  makeTempDir,
  motoEcrPassword,
  skopeoInspect,
  startDockerd,
  withEcrHostname,
} from '../support/registry/index.ts';

const REGION = 'eu-central-1';
const REPOSITORY = 'prod/webapp';
const TOKEN_PARAMETER = '/serenity/production/VSS_NUGET_ACCESSTOKEN';
const packages = join(import.meta.dirname, '..', '..', 'packages');
const bundle = (pkg: string, ci: 'github' | 'azure') => join(packages, pkg, 'dist', `${ci}.js`);
const run = promisify(execFile);

/** The log as the CI shows it: commands consumed, registered secrets as ***. */
function show(title: string, result: CiRun): void {
  const view = result.main;
  const masks = [...view.masks].filter((m) => m.length > 0).sort((a, b) => b.length - a.length);
  const hide = (text: string) => masks.reduce((out, mask) => out.split(mask).join('***'), text);
  console.log(`\n── ${title}  (exit ${view.exitCode}, ${view.durationMs} ms)`);
  for (const line of view.lines) {
    if (/^::(add-mask|debug)::|##vso\[task\.(setsecret|debug|setvariable|settaskvariable)/.test(line))
      continue;
    if (/^(::endgroup::|##\[endgroup\])$/.test(line)) continue;
    const group = /^(?:::group::|##\[group\])(.*)$/.exec(line);
    console.log(group ? `   ▸ ${hide(group[1] ?? '')}` : `   │ ${hide(line)}`);
  }
  for (const [name, value] of Object.entries(view.variables)) {
    const secret = view.secretVariables.has(name) || masks.some((m) => value.includes(m));
    console.log(`   ↳ variable ${name} = ${secret ? '*** (secret)' : hide(value)}`);
  }
  for (const [name, value] of Object.entries(view.outputs))
    console.log(`   ↳ output   ${name} = ${hide(value)}`);
  if (view.exitCode !== 0) throw new Error(`${title} failed: ${view.errors.join(' | ')}`);
}

const work = await makeTempDir('aws-ci-kit-demo');
const moto = await startMoto();
const registry = await withEcrHostname(REGION);
const dockerd = await startDockerd({ caCerts: [{ host: registry.host, caFile: registry.caFile as string }] });
try {
  const bed = await seedAwsBed(moto.endpoint, { region: REGION });
  await moto.enforceAuth();
  await registry.addUser('AWS', motoEcrPassword());
  const app = join(work, 'app');
  await mkdir(app);
  await writeFile(join(app, 'index.html'), '<h1>webapp</h1>\n');
  await writeFile(join(app, 'Dockerfile.webapp'), 'FROM scratch\nCOPY index.html /srv/index.html\n');
  console.log(
    `AWS (moto, IAM enforced) at ${moto.endpoint}; ECR registry ${registry.hostname}; Docker engine ${dockerd.host}`,
  );
  console.log(
    `role ${bed.roles.pipeline.arn} trusts ${bed.toolkitUser.arn} with external id "${bed.externalId}"`,
  );

  // What the agent / runner gives every step: the loopback endpoints, the test CA, the private engine.
  const env = {
    AWS_ENDPOINT_URL: moto.endpoint,
    NODE_EXTRA_CA_CERTS: registry.caFile as string,
    ...dockerd.env,
  };

  console.log('\n═════ Azure Pipelines (AWS service connection: keys + AssumeRole with external id)');
  const endpoints: Record<string, AzureEndpoint> = {
    'AWS-serviceConnection': toolkitConnection(bed),
  };
  const connection = { awsCredentials: 'AWS-serviceConnection', regionName: REGION };
  const identity = await runStep('azure', bundle('aws-credentials', 'azure'), {
    endpoints,
    env,
    inputs: connection,
    post: false,
  });
  show('AwsCiKitCredentials: validate identity', identity);
  const exported = identity.main.variables;
  const cli = await run('aws', ['sts', 'get-caller-identity', '--output', 'text', '--query', 'Arn'], {
    env: cliEnv(bed, {
      AWS_ACCESS_KEY_ID: exported.AWS_ACCESS_KEY_ID,
      AWS_SECRET_ACCESS_KEY: exported.AWS_SECRET_ACCESS_KEY,
      AWS_SESSION_TOKEN: exported.AWS_SESSION_TOKEN,
    }),
  });
  console.log(`   ↳ AWSCLI@1 sts get-caller-identity with the exported variables: ${cli.stdout.trim()}`);

  show(
    'AwsCiKitSsmSecret: fetch the NuGet token from SSM into a secret variable',
    await runStep('azure', bundle('ssm-secret', 'azure'), {
      endpoints,
      env,
      inputs: {
        ...connection,
        readMode: 'single',
        parameterName: TOKEN_PARAMETER,
        singleNameTransform: 'custom',
        customVariableName: 'NUGET_TOKEN',
      },
      post: false,
    }),
  );

  const sha = '3f9c2e1d8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e';
  show(
    'AwsCiKitEcrPush: build Dockerfile.webapp, tag short SHA + latest, log in to ECR, push',
    await runStep('azure', bundle('ecr-push', 'azure'), {
      endpoints,
      env: { ...env, BUILD_SOURCEVERSION: sha },
      inputs: {
        ...connection,
        dockerfile: join(app, 'Dockerfile.webapp'),
        buildContext: app,
        repositoryName: REPOSITORY,
        autoCreateRepository: 'true',
        outputVariable: 'IMAGE_URI',
      },
    }),
  );

  console.log(
    '\n═════ The seed pipeline itself, AWSCLI@1 / AWSShellScript@1 renamed to AwsCiKitCli / AwsCiKitShellScript',
  );
  // The pipeline's variables, as the agent maps them into every step's environment.
  const pipelineVariables = { AWS_REGION: REGION, ECR_ACCOUNT_ID: bed.accountId, IMAGE_NAME: REPOSITORY };
  show(
    'AwsCiKitCli: Validar identidad en AWS (sts get-caller-identity)',
    await runStep('azure', bundle('aws-cli', 'azure'), {
      endpoints,
      env,
      inputs: { ...connection, awsCommand: 'sts', awsSubCommand: 'get-caller-identity' },
      post: false,
    }),
  );
  const fetched = await runStep('azure', bundle('shell-script', 'azure'), {
    endpoints,
    env: { ...env, ...pipelineVariables },
    inputs: {
      ...connection,
      scriptType: 'inline',
      inlineScript: [
        `TOKEN=$(aws ssm get-parameter --name "${TOKEN_PARAMETER}" --with-decryption --query 'Parameter.Value' --output text)`,
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the seed's bash
        'echo "##vso[task.setvariable variable=NUGET_TOKEN;issecret=true]${TOKEN}"',
      ].join('\n'),
    },
    post: false,
  });
  show('AwsCiKitShellScript: Fetch NuGet Token from SSM', fetched);
  show(
    'AwsCiKitShellScript: Build & Push Docker Image to ECR',
    await runStep('azure', bundle('shell-script', 'azure'), {
      endpoints,
      env: {
        ...env,
        ...pipelineVariables,
        SYSTEM_DEFAULTWORKINGDIRECTORY: app,
        IMAGE_TAG: sha.slice(0, 7),
        NUGET_TOKEN: fetched.main.variables.NUGET_TOKEN ?? '',
      },
      inputs: {
        ...connection,
        scriptType: 'inline',
        // The seed's script, unchanged.
        inlineScript: [
          'set -euxo pipefail',
          // biome-ignore lint/suspicious/noTemplateCurlyInString: the seed's bash
          'REGISTRY="${ECR_ACCOUNT_ID}.dkr.ecr.${AWS_REGION}.amazonaws.com"',
          // biome-ignore lint/suspicious/noTemplateCurlyInString: the seed's bash
          'IMAGE_URI="${REGISTRY}/${IMAGE_NAME}"',
          // biome-ignore lint/suspicious/noTemplateCurlyInString: the seed's bash
          'aws ecr get-login-password --region "${AWS_REGION}" | docker login --username AWS --password-stdin "${REGISTRY}"',
          // biome-ignore lint/suspicious/noTemplateCurlyInString: the seed's bash
          'docker build -f Dockerfile.webapp -t "${IMAGE_URI}:${IMAGE_TAG}" .',
          // biome-ignore lint/suspicious/noTemplateCurlyInString: the seed's bash
          'docker tag "${IMAGE_URI}:${IMAGE_TAG}" "${IMAGE_URI}:latest"',
          // biome-ignore lint/suspicious/noTemplateCurlyInString: the seed's bash
          'docker push "${IMAGE_URI}:${IMAGE_TAG}"',
          // biome-ignore lint/suspicious/noTemplateCurlyInString: the seed's bash
          'docker push "${IMAGE_URI}:latest"',
        ].join('\n'),
      },
      post: false,
    }),
  );

  console.log(
    '\n═════ GitHub Actions (configure-aws-credentials inputs; later steps use the exported environment)',
  );
  const creds = await runStep('github', bundle('aws-credentials', 'github'), {
    env,
    inputs: {
      'aws-region': REGION,
      'aws-access-key-id': bed.toolkitUser.accessKeyId,
      'aws-secret-access-key': bed.toolkitUser.secretAccessKey,
      'role-to-assume': bed.roles.pipeline.arn,
      'role-external-id': bed.externalId,
    },
    secretInputs: ['aws-access-key-id', 'aws-secret-access-key'],
    post: false,
  });
  show('aws-ci-kit/aws-credentials', creds);
  const later = { ...env, ...creds.main.variables, GITHUB_SHA: 'c0ffee1d8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e' };
  show(
    'aws-ci-kit/ssm-secret',
    await runStep('github', bundle('ssm-secret', 'github'), {
      env: later,
      inputs: { names: `${TOKEN_PARAMETER}=NUGET_TOKEN` },
      post: false,
    }),
  );
  const layout = join(work, 'webapp.tar');
  await dockerd.docker(['save', '-o', layout, `${registry.hostname}/${REPOSITORY}:latest`]);
  show(
    'aws-ci-kit/ecr-push: push the docker save archive without a daemon',
    await runStep('github', bundle('ecr-push', 'github'), {
      env: later,
      inputs: { repository: REPOSITORY, image: layout, 'push-mode': 'daemonless' },
    }),
  );

  console.log('\n═════ The registry, read back by skopeo (an independent client)');
  const access = { creds: { user: 'AWS', password: motoEcrPassword() }, certDir: registry.caDir as string };
  for (const tag of ['3f9c2e1', 'c0ffee1', 'latest']) {
    const image = await skopeoInspect(`docker://${registry.hostname}/${REPOSITORY}:${tag}`, access);
    console.log(`   ${registry.hostname}/${REPOSITORY}:${tag}  ${image.Digest}`);
  }
  console.log(
    '\nDemo complete: the pipeline held no secret of its own, every secret was masked, the image is in ECR.',
  );
} finally {
  await dockerd.stop();
  await registry.stop();
  await moto.stop();
  await rm(work, { recursive: true, force: true });
}
