import { rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  CiKitError,
  type CiRuntime,
  getBooleanInput,
  getInput,
  getIntegerInput,
  getListInput,
  type InputSpec,
  inputName,
  quoteValue,
  stepDeadlineOf,
  withStepDeadline,
} from '@aws-ci-kit/core';
import { CREDENTIAL_INPUTS, createProxyAgent, readProxySettings } from '@aws-ci-kit/core/credentials';
import {
  addDockerAuth,
  type CompressedImage,
  ContainerCli,
  type ContainerCliName,
  cliPushSummaryMarkdown,
  compressLayers,
  createDockerConfigDir,
  createEcrClient,
  createEcrPublicClient,
  detectContainerCli,
  ECR_PUBLIC_REGISTRY,
  type ECRClient,
  type ECRPUBLICClient,
  type EcrLogin,
  ensureRepository,
  formatBlobLine,
  formatBytes,
  formatPushLine,
  getEcrLogins,
  getEcrPublicLogin,
  hasUncompressedLayers,
  type ImageSource,
  normaliseRepositoryName,
  openImageSource,
  type PushResult,
  parseEcrHost,
  pushImage,
  pushSummaryMarkdown,
  RegistryClient,
  type RegistryClientOptions,
  removeDockerConfigDir,
  shortSha,
  splitRepository,
  validateRepositoryName,
  validateTag,
} from './ecr/index.ts';
import { INPUTS, OUTPUTS, PUSH_MODES, type PushMode, STATE, VARIABLES } from './names.ts';

/** What the step needs from outside; tests pass clients pointed at the loopback bed. */
export interface EcrPushDeps {
  ecr(runtime: CiRuntime): Promise<ECRClient>;
  ecrPublic(runtime: CiRuntime): Promise<ECRPUBLICClient>;
  registryClient(options: RegistryClientOptions): RegistryClient;
}

export const defaultEcrPushDeps: EcrPushDeps = {
  ecr: createEcrClient,
  ecrPublic: createEcrPublicClient,
  registryClient: (options) => new RegistryClient(options),
};

const MiB = 1024 * 1024;

/** amazon-ecr-login's output suffix: every run of non-alphanumerics becomes `_`. */
export function outputSuffix(registry: string): string {
  return registry.replace(/[^a-zA-Z0-9_]+/g, '_');
}

interface Target {
  readonly host: string | undefined;
  readonly name: string;
}

function readTarget(runtime: CiRuntime): Target | undefined {
  const raw = getInput(runtime, INPUTS.repository);
  if (raw === undefined) return undefined;
  const { host, name: given } = splitRepository(raw);
  const label = inputName(runtime, INPUTS.repository);
  const name = getBooleanInput(runtime, INPUTS.forceNaming) ? normaliseRepositoryName(given) : given;
  if (name !== given)
    runtime.log.info(`Repository name normalised: ${quoteValue(given)} -> ${quoteValue(name)}.`);
  validateRepositoryName(name, label, inputName(runtime, INPUTS.forceNaming));
  return { host, name };
}

function readTags(runtime: CiRuntime): string[] {
  const listed = getListInput(runtime, INPUTS.tags);
  const pushTag = getInput(runtime, INPUTS.pushTag);
  let tags: string[];
  if (listed.length > 0) tags = pushTag ? [pushTag, ...listed] : listed;
  else if (pushTag) tags = [pushTag];
  else {
    const sha = shortSha(runtime.context.commitSha);
    tags = sha ? [sha, 'latest'] : ['latest'];
  }
  const unique = [...new Set(tags)];
  for (const tag of unique) validateTag(tag, inputName(runtime, INPUTS.tags));
  return unique;
}

function readPushMode(runtime: CiRuntime): PushMode {
  const mode = (getInput(runtime, INPUTS.pushMode) ?? 'auto').toLowerCase();
  if (!(PUSH_MODES as readonly string[]).includes(mode)) {
    const name = inputName(runtime, INPUTS.pushMode);
    throw new CiKitError(
      'input',
      `Input \`${name}\` must be one of ${PUSH_MODES.join(', ')}, got ${quoteValue(mode)}.`,
      {
        code: 'InputInvalid',
        hint: `Set \`${name}\` to cli (docker push) or daemonless (registry API, no daemon).`,
      },
    );
  }
  return mode as PushMode;
}

/** Account ids from `registries` (ids, or registry hosts). */
function readRegistryIds(runtime: CiRuntime): string[] {
  return getListInput(runtime, INPUTS.registries).map((entry) => parseEcrHost(entry)?.account ?? entry);
}

async function login(runtime: CiRuntime, deps: EcrPushDeps, target: Target | undefined): Promise<EcrLogin[]> {
  const mask = (secret: string): void => runtime.mask(secret);
  const type = (getInput(runtime, INPUTS.registryType) ?? 'private').toLowerCase();
  if (type === 'public' || target?.host === ECR_PUBLIC_REGISTRY) {
    return [await getEcrPublicLogin(await deps.ecrPublic(runtime), mask)];
  }
  if (type !== 'private') {
    throw new CiKitError(
      'input',
      `Input \`${inputName(runtime, INPUTS.registryType)}\` must be private or public.`,
      {
        code: 'InputInvalid',
      },
    );
  }
  const ecr = await deps.ecr(runtime);
  const ids = readRegistryIds(runtime);
  const targetAccount = target?.host ? parseEcrHost(target.host)?.account : undefined;
  if (target?.host && !targetAccount && !getInput(runtime, INPUTS.registryEndpoint)) {
    throw new CiKitError('input', `${target.host} is not an Amazon ECR registry.`, {
      code: 'RegistryNotEcr',
      hint: 'Give a repository name, or <account>.dkr.ecr.<region>.amazonaws.com/<name>.',
    });
  }
  const logins = await getEcrLogins(ecr, { registryIds: ids, mask });
  const wantsDefault = target && !targetAccount && ids.length > 0;
  const wantsTarget =
    targetAccount && !logins.some((l) => parseEcrHost(l.registry)?.account === targetAccount);
  if (wantsDefault || wantsTarget) {
    const more = await getEcrLogins(ecr, { registryIds: wantsTarget ? [targetAccount as string] : [], mask });
    for (const l of more) if (!logins.some((x) => x.registry === l.registry)) logins.push(l);
  }
  return logins;
}

function pickLogin(logins: EcrLogin[], target: Target, ids: string[]): EcrLogin {
  if (target.host) {
    const found = logins.find((l) => l.registry === target.host);
    if (found) return found;
    const account = parseEcrHost(target.host)?.account;
    const sameAccount = logins.find((l) => parseEcrHost(l.registry)?.account === account);
    if (sameAccount) return sameAccount;
  }
  // A bare name goes to the caller's own registry: the login that no `registries` entry asked for.
  return (
    logins.find((l) => !ids.includes(parseEcrHost(l.registry)?.account ?? '')) ?? (logins[0] as EcrLogin)
  );
}

/** The config.json docker would use now (DOCKER_CONFIG, else ~/.docker), to carry other logins over. */
function existingDockerConfig(runtime: CiRuntime): string | undefined {
  const dir = runtime.variable(VARIABLES.dockerConfig);
  if (dir) return join(dir, 'config.json');
  const home = runtime.environment().HOME ?? runtime.environment().USERPROFILE;
  return home ? join(home, '.docker', 'config.json') : undefined;
}

/** A file (an archive), or a directory that is an OCI image layout; a plain directory is not an image. */
async function isPath(value: string): Promise<boolean> {
  const info = await stat(value).catch(() => undefined);
  if (!info) return false;
  if (!info.isDirectory()) return true;
  return (await stat(join(value, 'oci-layout')).catch(() => undefined)) !== undefined;
}

/** `image` may be `path` or `path:ref` (which image of a layout/archive holding several, e.g. `app/web:v1`). */
async function splitPathRef(value: string): Promise<{ path: string; ref?: string } | undefined> {
  if (await isPath(value)) return { path: value };
  for (let colon = value.indexOf(':'); colon > 0; colon = value.indexOf(':', colon + 1)) {
    if (await isPath(value.slice(0, colon)))
      return { path: value.slice(0, colon), ref: value.slice(colon + 1) };
  }
  return undefined;
}

function localImageName(runtime: CiRuntime): string | undefined {
  // The AWS Toolkit's ECRPushImage input, read where its names are.
  if (
    runtime.rules.inputNaming === 'azure' &&
    (getInput(runtime, INPUTS.imageSource) ?? 'imagename') === 'imageid'
  ) {
    return getInput(runtime, INPUTS.sourceImageId);
  }
  const image = getInput(runtime, INPUTS.image);
  const tag = getInput(runtime, INPUTS.sourceImageTag);
  if (image && tag && !/[:@][^/]*$/.test(image)) return `${image}:${tag}`;
  return image;
}

function ociLabels(runtime: CiRuntime): Record<string, string> {
  const labels: Record<string, string> = {};
  const { repositoryUrl: source, commitSha } = runtime.context;
  if (source) labels['org.opencontainers.image.source'] = source;
  if (commitSha) labels['org.opencontainers.image.revision'] = commitSha;
  for (const entry of getListInput(runtime, INPUTS.labels, { separators: 'lines' })) {
    const eq = entry.indexOf('=');
    if (eq > 0) labels[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  return labels;
}

function setLoginOutputs(runtime: CiRuntime, logins: EcrLogin[], configDir: string): void {
  if (logins.length === 1)
    runtime.setOutput(inputName(runtime, OUTPUTS.registry), (logins[0] as EcrLogin).registry);
  runtime.setOutput(inputName(runtime, OUTPUTS.dockerConfig), configDir);
  const maskPassword = getBooleanInput(runtime, INPUTS.maskPassword, true);
  const wanted = getBooleanInput(runtime, INPUTS.outputDockerCredentials, false) || !maskPassword;
  if (!maskPassword) {
    runtime.log.warning(
      `${inputName(runtime, INPUTS.maskPassword)}: false is accepted for compatibility, but the password stays masked; it is set as an output because you asked for it.`,
    );
  }
  if (!wanted) return;
  for (const l of logins) {
    const suffix = outputSuffix(l.registry);
    runtime.setOutput(`${OUTPUTS.dockerUsernamePrefix}${suffix}`, l.username);
    runtime.setOutput(`${OUTPUTS.dockerPasswordPrefix}${suffix}`, l.password, { secret: true });
  }
}

async function pushDaemonless(
  runtime: CiRuntime,
  deps: EcrPushDeps,
  registry: { login: EcrLogin; url: string },
  repository: string,
  source: ImageSource,
  tags: string[],
): Promise<PushResult> {
  const concurrency = getIntegerInput(runtime, INPUTS.concurrency, { min: 1, max: 32, default: 4 }) as number;
  const chunkMb = getIntegerInput(runtime, INPUTS.chunkSize, { min: 0, max: 4096, default: 0 }) as number;
  // The push honours the same proxy settings as every AWS call (`http-proxy`, HTTPS_PROXY, NO_PROXY).
  const { proxy, noProxy } = readProxySettings(
    runtime,
    getInput(runtime, CREDENTIAL_INPUTS.httpProxy),
    getInput(runtime, CREDENTIAL_INPUTS.noProxy),
  );
  const agent = proxy ? await createProxyAgent(proxy, noProxy, { maxSockets: concurrency + 2 }) : undefined;
  const deadline = stepDeadlineOf(runtime);
  const client = deps.registryClient({
    url: registry.url,
    credentials: { username: registry.login.username, password: registry.login.password },
    maxSockets: concurrency + 2,
    debug: (message) => runtime.log.debug(message),
    ...(agent ? { agent } : {}),
    ...(deadline ? { signal: deadline.signal, waitingFor: deadline.waitingFor } : {}),
  });
  try {
    return await pushImage({
      client,
      repository,
      source,
      tags,
      concurrency,
      mountFrom: getListInput(runtime, INPUTS.mountFrom),
      ...(chunkMb > 0 ? { chunkSize: chunkMb * MiB } : {}),
      onBlob: (report) => runtime.log.info(formatBlobLine(report)),
    });
  } finally {
    client.close();
  }
}

function checkChoice(runtime: CiRuntime, spec: InputSpec, choices: readonly string[]): void {
  const value = getInput(runtime, spec);
  if (value === undefined || choices.includes(value.toLowerCase())) return;
  const name = inputName(runtime, spec);
  throw new CiKitError(
    'input',
    `Input \`${name}\` must be one of ${choices.join(', ')}, got ${quoteValue(value)}.`,
    {
      code: 'InputInvalid',
      hint: `Set \`${name}\` to one of ${choices.join(', ')}.`,
    },
  );
}

/** Parses every input once up front, so a typo fails in one line before any AWS call. */
/** Valid inputs the chosen mode does not read: one warning naming them, never silence. */
function warnIgnored(runtime: CiRuntime): void {
  const ignored: string[] = [];
  const set = (spec: InputSpec) => getInput(runtime, spec) !== undefined;
  const name = (spec: InputSpec) => `\`${inputName(runtime, spec)}\``;
  if (set(INPUTS.kmsKey) && (getInput(runtime, INPUTS.encryptionType) ?? 'aes256').toLowerCase() !== 'kms')
    ignored.push(`${name(INPUTS.kmsKey)} (${name(INPUTS.encryptionType)} is not kms)`);
  if (!getBooleanInput(runtime, INPUTS.createRepository)) {
    for (const spec of [INPUTS.kmsKey, INPUTS.encryptionType, INPUTS.tagMutability, INPUTS.scanOnPush])
      if (set(spec) && !ignored.some((i) => i.startsWith(name(spec))))
        ignored.push(`${name(spec)} (${name(INPUTS.createRepository)} is off)`);
  }
  if ((getInput(runtime, INPUTS.pushMode) ?? 'auto').toLowerCase() === 'cli') {
    for (const spec of [INPUTS.mountFrom, INPUTS.compression, INPUTS.chunkSize, INPUTS.concurrency])
      if (set(spec)) ignored.push(`${name(spec)} (a container CLI pushes)`);
  }
  if (ignored.length > 0) runtime.log.warning(`Ignored: ${ignored.join(', ')}.`);
}

function checkInputs(runtime: CiRuntime): void {
  for (const spec of [
    INPUTS.forceNaming,
    INPUTS.createRepository,
    INPUTS.scanOnPush,
    INPUTS.maskPassword,
    INPUTS.outputDockerCredentials,
    INPUTS.skipLogout,
  ]) {
    getBooleanInput(runtime, spec);
  }
  getIntegerInput(runtime, INPUTS.concurrency, { min: 1, max: 32 });
  const chunk = getIntegerInput(runtime, INPUTS.chunkSize, { min: 0, max: 4096 });
  if (chunk !== undefined && chunk > 0 && chunk < 5) {
    const name = inputName(runtime, INPUTS.chunkSize);
    throw new CiKitError(
      'input',
      `Input \`${name}\` must be 0 or at least 5 (ECR's smallest upload part is 5 MiB).`,
      {
        code: 'InputInvalid',
        hint: `Set \`${name}\` to 0 (one request per layer) or 5 or more.`,
      },
    );
  }
  checkChoice(runtime, INPUTS.tagMutability, ['mutable', 'immutable']);
  checkChoice(runtime, INPUTS.encryptionType, ['aes256', 'kms']);
  checkChoice(runtime, INPUTS.registryType, ['private', 'public']);
  checkChoice(runtime, INPUTS.imageSource, ['imagename', 'imageid']);
  checkChoice(runtime, INPUTS.compression, ['gzip', 'none']);
  readPushMode(runtime);
  // A name that becomes a variable is checked by the CI's rules before anything is pushed.
  const outputVariable = getInput(runtime, INPUTS.outputVariable);
  const problem =
    outputVariable === undefined ? undefined : runtime.rules.variableNameProblem(outputVariable);
  if (outputVariable !== undefined && problem) {
    const name = inputName(runtime, INPUTS.outputVariable);
    throw new CiKitError(
      'input',
      `Input \`${name}\` is not a valid variable name (${problem}): ${quoteValue(outputVariable)}.`,
      {
        code: 'InputInvalid',
        hint: `${runtime.rules.variableNameHint} Set \`${name}\` to a name such as IMAGE_URI.`,
      },
    );
  }
  // Values handed to a container CLI as arguments can never be read as its options.
  for (const spec of [
    INPUTS.image,
    INPUTS.context,
    INPUTS.dockerfile,
    INPUTS.target,
    INPUTS.platform,
    INPUTS.sourceImageTag,
    INPUTS.sourceImageId,
  ]) {
    const value = getInput(runtime, spec);
    if (value?.startsWith('-')) {
      const name = inputName(runtime, spec);
      throw new CiKitError(
        'input',
        `Input \`${name}\` starts with "-" (${quoteValue(value)}), so a container CLI would read it as an option.`,
        {
          code: 'InputInvalid',
          hint: `Set \`${name}\` to an image name, path or value that does not start with "-" (write ./-name for a path).`,
        },
      );
    }
  }
  for (const spec of [INPUTS.buildArgs, INPUTS.labels]) {
    const bad = getListInput(runtime, spec).find((item) => item.startsWith('-'));
    if (bad !== undefined) {
      const name = inputName(runtime, spec);
      throw new CiKitError(
        'input',
        `Input \`${name}\` lists ${quoteValue(bad)}, which a container CLI would read as an option.`,
        {
          code: 'InputInvalid',
          hint: `Remove the leading "-" from the items of \`${name}\`.`,
        },
      );
    }
  }
  const endpoint = getInput(runtime, INPUTS.registryEndpoint);
  if (endpoint !== undefined && !/^(https?:\/\/)?[A-Za-z0-9.-]+(:\d{1,5})?\/?$/.test(endpoint)) {
    const name = inputName(runtime, INPUTS.registryEndpoint);
    throw new CiKitError(
      'input',
      `Input \`${name}\` is not a registry host or URL: ${quoteValue(endpoint)}.`,
      {
        code: 'InputInvalid',
        hint: `Set \`${name}\` to a host[:port] or https://host[:port].`,
      },
    );
  }
  warnIgnored(runtime);
  const kmsKey = getInput(runtime, INPUTS.kmsKey);
  if (kmsKey !== undefined && !/^[A-Za-z0-9:/_+=,.@-]{1,2048}$/.test(kmsKey)) {
    const name = inputName(runtime, INPUTS.kmsKey);
    throw new CiKitError(
      'input',
      `Input \`${name}\` is not a KMS key id, ARN or alias: ${quoteValue(kmsKey)}.`,
      {
        code: 'InputInvalid',
        hint: `Set \`${name}\` to a key id, key ARN or alias/name.`,
      },
    );
  }
}

/**
 * The ECR step: log in (job-private Docker config), optionally build, then tag and push with a
 * container CLI or straight over the registry API. Without a repository it only logs in.
 */
export function ecrPushStep(runtime: CiRuntime, deps: EcrPushDeps = defaultEcrPushDeps): Promise<void> {
  return withStepDeadline(
    runtime,
    { input: INPUTS.timeoutSeconds, defaultSeconds: 600, step: 'The ECR step' },
    () => loginAndPush(runtime, deps),
  );
}

async function loginAndPush(runtime: CiRuntime, deps: EcrPushDeps): Promise<void> {
  checkInputs(runtime);
  const target = readTarget(runtime);
  const tags = target ? readTags(runtime) : [];
  const mode = readPushMode(runtime);
  const skipLogout = getBooleanInput(runtime, INPUTS.skipLogout, false);
  const image = target ? localImageName(runtime) : undefined;
  const pathSource = image ? await splitPathRef(image) : undefined;
  const dockerfile = getInput(runtime, INPUTS.dockerfile);
  const context = getInput(runtime, INPUTS.context);
  const build = !!(dockerfile || context);
  const effectiveMode: PushMode = mode === 'auto' ? (pathSource ? 'daemonless' : 'cli') : mode;
  const needsCli =
    !target || build || effectiveMode === 'cli' || (!pathSource && effectiveMode === 'daemonless');

  if (pathSource && effectiveMode === 'cli' && !build) {
    throw new CiKitError(
      'input',
      `\`${inputName(runtime, INPUTS.image)}\` is a path, which a container CLI cannot push.`,
      {
        code: 'InputInvalid',
        hint: `Set \`${inputName(runtime, INPUTS.pushMode)}\` to daemonless (or auto) to push an OCI layout or archive.`,
      },
    );
  }
  if (target && !pathSource && !image && !build) {
    const name = inputName(runtime, INPUTS.image);
    throw new CiKitError(
      'input',
      `Nothing to push: set \`${name}\` or build with \`${inputName(runtime, INPUTS.dockerfile)}\`.`,
      {
        code: 'InputMissing',
        hint: `Set \`${name}\` to a local image, an OCI layout directory or a \`docker save\` archive.`,
      },
    );
  }

  // One ECR client (one credential resolution, one role assumption) for the whole step.
  let ecrClient: Promise<ECRClient> | undefined;
  const memoDeps: EcrPushDeps = {
    ...deps,
    ecr: (rt) => {
      ecrClient ??= deps.ecr(rt);
      return ecrClient;
    },
  };

  const logins = await runtime.log.group('Log in to Amazon ECR', async () => {
    const found = await login(runtime, memoDeps, target);
    for (const l of found)
      runtime.log.info(
        `Token for ${l.registry}${l.expiresAt ? ` (valid until ${l.expiresAt.toISOString()})` : ''}.`,
      );
    return found;
  });

  const configDir = await createDockerConfigDir(runtime.tempDir, existingDockerConfig(runtime));
  runtime.state.save(STATE.configDir, configDir);
  runtime.state.save(STATE.registries, logins.map((l) => l.registry).join(','));
  runtime.state.save(STATE.skipLogout, String(skipLogout));
  for (const l of logins) await addDockerAuth(configDir, l.registry, l.username, l.password);

  let cli: ContainerCli | undefined;
  if (needsCli) {
    const wanted = getInput(runtime, INPUTS.containerCli);
    const name: ContainerCliName | undefined = await detectContainerCli(runtime, wanted).catch((error) => {
      if (target) throw error; // login-only mode works without a CLI: the config file is written anyway
      runtime.log.info('No container CLI found: the login is in the Docker config file only.');
      return undefined;
    });
    if (name) {
      cli = new ContainerCli(runtime, name, configDir);
      runtime.state.save(STATE.cli, name);
      for (const l of logins) await cli.login(l.registry, l.username, l.password);
      runtime.log.info(
        `${name} is logged in to ${logins.map((l) => l.registry).join(', ')} (config in ${configDir}).`,
      );
    }
  }
  runtime.setVariable(VARIABLES.dockerConfig, configDir);
  runtime.setVariable(VARIABLES.registryAuthFile, join(configDir, 'config.json'));
  setLoginOutputs(runtime, logins, configDir);
  if (!target) return;

  const chosen = pickLogin(logins, target, readRegistryIds(runtime));
  const endpoint = getInput(runtime, INPUTS.registryEndpoint);
  const registryUrl = (
    endpoint ? (/^https?:\/\//.test(endpoint) ? endpoint : `https://${endpoint}`) : chosen.proxyEndpoint
  ).replace(/\/+$/, '');
  const host = chosen.registry;
  const repositoryUri = `${host}/${target.name}`;
  const refs = tags.map((t) => `${repositoryUri}:${t}`);

  if (getBooleanInput(runtime, INPUTS.createRepository) && chosen.registry !== ECR_PUBLIC_REGISTRY) {
    const mutability = (getInput(runtime, INPUTS.tagMutability) ?? 'MUTABLE').toUpperCase();
    const encryption = (getInput(runtime, INPUTS.encryptionType) ?? 'AES256').toUpperCase();
    const kmsKey = getInput(runtime, INPUTS.kmsKey);
    const created = await ensureRepository(await memoDeps.ecr(runtime), target.name, {
      ...(parseEcrHost(host) ? { registryId: parseEcrHost(host)?.account as string } : {}),
      tagMutability: mutability === 'IMMUTABLE' ? 'IMMUTABLE' : 'MUTABLE',
      scanOnPush: getBooleanInput(runtime, INPUTS.scanOnPush),
      encryption: { type: encryption === 'KMS' ? 'KMS' : 'AES256', ...(kmsKey ? { kmsKey } : {}) },
    });
    runtime.log.info(created ? `Created repository ${target.name}.` : `Repository ${target.name} exists.`);
  }

  let localImage = image && !pathSource ? image : undefined;
  if (build) {
    if (!cli) throw new CiKitError('internal', 'No container CLI for the build.');
    const builder = cli;
    localImage = refs[0] as string;
    await runtime.log.group(`Build ${localImage}`, () =>
      builder.build({
        context: context ?? '.',
        ...(dockerfile ? { dockerfile } : {}),
        tags: refs,
        buildArgs: getListInput(runtime, INPUTS.buildArgs, { separators: 'lines' }),
        ...(getInput(runtime, INPUTS.target) ? { target: getInput(runtime, INPUTS.target) as string } : {}),
        ...(getInput(runtime, INPUTS.platform)
          ? { platform: getInput(runtime, INPUTS.platform) as string }
          : {}),
        labels: ociLabels(runtime),
      }),
    );
  }
  let digest: string | undefined;
  let result: PushResult | undefined;
  if (effectiveMode === 'daemonless') {
    result = await runtime.log.group(`Push ${repositoryUri} (daemonless)`, async () => {
      let source: ImageSource;
      if (pathSource) {
        source = await openImageSource(pathSource.path, pathSource.ref ? { ref: pathSource.ref } : {});
      } else {
        const saver = cli as ContainerCli;
        const archive = join(configDir, 'image.tar');
        runtime.log.info(`Saving ${localImage} with ${saver.name} for a daemonless push.`);
        await saver.save(localImage as string, archive);
        source = await openImageSource(archive, { ref: localImage as string });
      }
      runtime.log.info(`Source: ${source.kind} ${source.path}, ${source.top.mediaType}.`);
      let compressed: CompressedImage | undefined;
      if (
        (getInput(runtime, INPUTS.compression) ?? 'gzip').toLowerCase() === 'gzip' &&
        hasUncompressedLayers(source.top)
      ) {
        const t0 = performance.now();
        compressed = await compressLayers(source, runtime.tempDir, {
          onLayer: (from, to) =>
            runtime.log.info(
              `gzip   ${from.digest.slice(7, 19)} -> ${to.digest.slice(7, 19)}  ${formatBytes(from.size)} -> ${formatBytes(to.size)}`,
            ),
        });
        runtime.log.info(
          `Compressed the uncompressed layers in ${((performance.now() - t0) / 1000).toFixed(2)} s.`,
        );
        source = compressed.source;
      }
      try {
        const pushed = await pushDaemonless(
          runtime,
          memoDeps,
          { login: chosen, url: registryUrl },
          target.name,
          source,
          tags,
        );
        runtime.log.info(formatPushLine(pushed));
        return pushed;
      } finally {
        await compressed?.cleanup();
        if (!pathSource) await rm(join(configDir, 'image.tar'), { force: true });
      }
    });
    digest = result.digest;
  } else {
    const pusher = cli as ContainerCli;
    digest = await runtime.log.group(`Push ${repositoryUri} (${pusher.name})`, async () => {
      let first: string | undefined;
      for (const ref of refs) {
        if (ref !== localImage) await pusher.tag(localImage as string, ref);
        const reported = await pusher.push(ref, join(configDir, 'digest'));
        first ??= reported;
      }
      return first;
    });
  }

  const imageUri = refs[0] as string;
  runtime.setOutput(inputName(runtime, OUTPUTS.imageUri), imageUri);
  runtime.setOutput(inputName(runtime, OUTPUTS.imageUris), refs.join(','));
  runtime.setOutput(inputName(runtime, OUTPUTS.tags), tags.join(','));
  if (digest) runtime.setOutput(inputName(runtime, OUTPUTS.digest), digest);
  const outputVariable = getInput(runtime, INPUTS.outputVariable);
  if (outputVariable) runtime.setVariable(outputVariable, imageUri);
  runtime.log.info(`Pushed ${refs.join(', ')}${digest ? ` (${digest})` : ''}.`);
  if (result) await runtime.summary(pushSummaryMarkdown(result, 'daemonless'));
  else {
    await runtime.summary(cliPushSummaryMarkdown({ repositoryUri, digest, tags, cli: cli?.name ?? 'cli' }));
  }
}

/** Post step: log the CLI out of every registry and delete the job-private config. */
export async function ecrPushPostStep(runtime: CiRuntime): Promise<void> {
  const configDir = runtime.state.get(STATE.configDir);
  if (!configDir) return;
  if (runtime.state.get(STATE.skipLogout) === 'true') {
    runtime.log.info('skip-logout: the registry logins stay in place.');
    return;
  }
  const cliName = runtime.state.get(STATE.cli) as ContainerCliName | undefined;
  if (cliName) {
    const cli = new ContainerCli(runtime, cliName, configDir);
    for (const registry of (runtime.state.get(STATE.registries) ?? '').split(',').filter(Boolean)) {
      await cli.logout(registry);
    }
  }
  await removeDockerConfigDir(configDir);
  runtime.log.info(`Logged out; removed ${configDir}.`);
}
