import { type CiRuntime, inputName } from '@aws-ci-kit/core';
import type { KMSClient } from '@aws-sdk/client-kms';
import { platformDigests, platformDigestsMarkdown } from './build-platforms.ts';
import type { Destination, Pushed } from './destination.ts';
import { cliPushSummaryMarkdown, pushSummaryMarkdown } from './ecr/index.ts';
import { OUTPUTS } from './names.ts';
import type { BuildPlan, PushPlan } from './plan.ts';
import { openRegistryClient, type RegistryClientFactory } from './push-daemonless.ts';
import { wantsSupplyChain } from './supply-chain-plan.ts';

/** What the supply chain's work needs from outside: the registry client, the KMS client that signs. */
export interface FinishDeps {
  readonly registryClient: RegistryClientFactory;
  readonly kms?: (runtime: CiRuntime) => Promise<KMSClient>;
}

const platformsOf = (pushed: Pushed) => (pushed.daemonless ? platformDigests(pushed.daemonless.top) : []);

/** The step's outputs: the image URI(s), tags, digest, each platform's digest; the output variable. */
function setPushOutputs(runtime: CiRuntime, plan: PushPlan, destination: Destination, pushed: Pushed): void {
  const { imageUri, refs } = destination;
  runtime.setOutput(inputName(runtime, OUTPUTS.imageUri), imageUri);
  runtime.setOutput(inputName(runtime, OUTPUTS.imageUris), refs.join(','));
  runtime.setOutput(inputName(runtime, OUTPUTS.tags), plan.tags.join(','));
  if (pushed.digest) runtime.setOutput(inputName(runtime, OUTPUTS.digest), pushed.digest);
  const perPlatform = platformsOf(pushed);
  if (perPlatform.length > 0) {
    const value = perPlatform.map((p) => `${p.platform}=${p.digest}`).join(',');
    runtime.setOutput(inputName(runtime, OUTPUTS.platformDigests), value);
  }
  if (plan.settings.outputVariable) runtime.setVariable(plan.settings.outputVariable, imageUri);
}

/** ECRPushImage's `removeDockerImage`: the engine's image the push came from, `rmi -f`. */
async function removeLocalImage(runtime: CiRuntime, pushed: Pushed): Promise<void> {
  if (pushed.local) {
    await pushed.local.cli.remove(pushed.local.image);
    runtime.log.info(`Removed the local image ${pushed.local.image}.`);
  } else {
    runtime.log.info('No local image to remove: the image came from a file, not the engine.');
  }
}

const buildOf = (plan: PushPlan): BuildPlan | undefined =>
  plan.image.kind === 'build' || plan.image.kind === 'build-platforms' ? plan.image.build : undefined;

/** Signatures and provenance for the pushed image and each platform; returns the summary's table. */
async function attach(
  runtime: CiRuntime,
  deps: FinishDeps,
  plan: PushPlan,
  destination: Destination,
  pushed: { readonly digest: string; readonly children: ReturnType<typeof platformDigests> },
  startedOn: Date,
): Promise<string> {
  const { repository, repositoryUri } = destination;
  const image = { repository, repositoryUri, ...pushed };
  return runtime.log.group('Sign and attest', async () => {
    const { attachSupplyChain, createKmsClient, provenanceInputs } = await import('./supply-chain.ts');
    const client = await openRegistryClient(runtime, deps.registryClient, plan.settings, destination);
    const inputs = provenanceInputs(
      { tags: plan.tags, platforms: plan.platforms, build: buildOf(plan) },
      repository,
    );
    try {
      const kms = () => (deps.kms ?? createKmsClient)(runtime);
      return await attachSupplyChain(runtime, {
        client,
        kms,
        plan: plan.supplyChain,
        image,
        inputs,
        startedOn,
      });
    } finally {
      client.close();
    }
  });
}

/** After the push, whichever mode: outputs, the local image removed, signatures attached, the summary. */
export async function finishPush(
  runtime: CiRuntime,
  deps: FinishDeps,
  plan: PushPlan,
  destination: Destination,
  pushed: Pushed,
  startedOn: Date,
): Promise<void> {
  const { digest, daemonless } = pushed;
  setPushOutputs(runtime, plan, destination, pushed);
  if (plan.settings.removeImage) await removeLocalImage(runtime, pushed);
  runtime.log.info(`Pushed ${destination.refs.join(', ')}${digest ? ` (${digest})` : ''}.`);
  const attached =
    digest && wantsSupplyChain(plan.supplyChain)
      ? await attach(runtime, deps, plan, destination, { digest, children: platformsOf(pushed) }, startedOn)
      : '';
  if (daemonless) {
    const platformsMd = platformDigestsMarkdown(daemonless.top);
    await runtime.summary(`${pushSummaryMarkdown(daemonless.result, 'daemonless')}${platformsMd}${attached}`);
  } else {
    const { repositoryUri } = destination;
    const cli = pushed.cli ?? 'cli';
    await runtime.summary(
      `${cliPushSummaryMarkdown({ repositoryUri, digest, tags: plan.tags, cli })}${attached}`,
    );
  }
}
