import { chmod, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { CiKitError, type CiRuntime, inputName } from '@aws-ci-kit/core';
import {
  addDockerAuth,
  ContainerCli,
  createDockerConfigDir,
  detectContainerCli,
  ECR_PUBLIC_REGISTRY,
  type ECRClient,
  type ECRPUBLICClient,
  type EcrLogin,
  getEcrLogins,
  getEcrPublicLogin,
  identityCheckOf,
  parseEcrHost,
} from './ecr/index.ts';
import { INPUTS, OUTPUTS, STATE, VARIABLES } from './names.ts';
import type { EcrPushPlan, Target } from './plan.ts';

/** The ECR clients the login needs (the step memoises them: one credential resolution). */
export interface LoginClients {
  ecr(runtime: CiRuntime): Promise<ECRClient>;
  ecrPublic(runtime: CiRuntime): Promise<ECRPUBLICClient>;
}

/** What the login leaves for the push: the registries' logins, the job-private config, the CLI. */
export interface Session {
  readonly logins: readonly EcrLogin[];
  readonly configDir: string;
  /** Undefined when the plan needs none (an archive's push), or none was found for a login only. */
  readonly cli: ContainerCli | undefined;
}

/** amazon-ecr-login's output suffix: every run of non-alphanumerics becomes `_`. */
export function outputSuffix(registry: string): string {
  return registry.replace(/[^a-zA-Z0-9_]+/g, '_');
}

const targetOf = (plan: EcrPushPlan): Target | undefined => (plan.kind === 'push' ? plan.target : undefined);

/** The registries' tokens: the caller's registry, `registries`, and the target's account. */
async function fetchLogins(
  runtime: CiRuntime,
  clients: LoginClients,
  plan: EcrPushPlan,
): Promise<EcrLogin[]> {
  const mask = (secret: string): void => runtime.mask(secret);
  const { registryType, registryIds: ids, registryEndpoint } = plan.login;
  const target = targetOf(plan);
  if (registryType === 'public' || target?.host === ECR_PUBLIC_REGISTRY) {
    return [await getEcrPublicLogin(await clients.ecrPublic(runtime), mask)];
  }
  const ecr = await clients.ecr(runtime);
  const targetAccount = target?.host ? parseEcrHost(target.host)?.account : undefined;
  if (target?.host && !targetAccount && !registryEndpoint) {
    throw new CiKitError('input', `${target.host} is not an Amazon ECR registry.`, {
      code: 'RegistryNotEcr',
      hint: 'Give a repository name, or <account>.dkr.ecr.<region>.amazonaws.com/<name>.',
    });
  }
  // The token call and the identity check go out together; nothing is printed before both are back.
  const [logins] = await Promise.all([getEcrLogins(ecr, { registryIds: ids, mask }), identityCheckOf(ecr)]);
  const wantsDefault = target && !targetAccount && ids.length > 0;
  const wantsTarget =
    targetAccount !== undefined && !logins.some((l) => parseEcrHost(l.registry)?.account === targetAccount);
  if (wantsDefault || wantsTarget) {
    const more = await getEcrLogins(ecr, { registryIds: wantsTarget ? [targetAccount] : [], mask });
    for (const l of more) if (!logins.some((x) => x.registry === l.registry)) logins.push(l);
  }
  return logins;
}

/** The config.json docker would use now (DOCKER_CONFIG, else ~/.docker), to carry other logins over. */
function existingDockerConfig(runtime: CiRuntime): string | undefined {
  const dir = runtime.variable(VARIABLES.dockerConfig);
  if (dir) return join(dir, 'config.json');
  const home = runtime.environment().HOME ?? runtime.environment().USERPROFILE;
  return home ? join(home, '.docker', 'config.json') : undefined;
}

/**
 * Where the login goes. A job-private directory, recorded for the post step (or, where the CI runs
 * none, for the clean-up when the command ends). Logging in only on a CI without a post step, the
 * login must outlive the command: it goes to the Docker config the user named (DOCKER_CONFIG),
 * never to a directory nobody would remove.
 */
async function loginConfigDir(
  runtime: CiRuntime,
  plan: EcrPushPlan,
  logins: readonly EcrLogin[],
): Promise<string> {
  if (runtime.rules.postStep || plan.kind === 'push') {
    const dir = await createDockerConfigDir(runtime.tempDir, existingDockerConfig(runtime));
    runtime.state.save(STATE.configDir, dir);
    runtime.state.save(STATE.registries, logins.map((l) => l.registry).join(','));
    // skip-logout keeps a login for later steps; a pushing command without a post step has none.
    runtime.state.save(STATE.skipLogout, String(plan.login.skipLogout && runtime.rules.postStep));
    return dir;
  }
  const named = runtime.variable(VARIABLES.dockerConfig);
  if (!named) {
    throw new CiKitError(
      'configuration',
      `Logging in only: ${runtime.rules.displayName} runs no post step that would remove the login, so it needs a Docker config you name.`,
      {
        code: 'DockerConfigUnnamed',
        hint: 'Set DOCKER_CONFIG to a directory of this job and delete it when the job is done, or push in the same command (repository) so the login lives only as long as it.',
      },
    );
  }
  await mkdir(named, { recursive: true, mode: 0o700 });
  await chmod(named, 0o700);
  runtime.log.info(
    `The registry login (its password) is in ${join(named, 'config.json')} until you remove it (docker logout, or delete ${named}).`,
  );
  return named;
}

/** The container CLI, logged in: required to build or push a local image, optional to log in only. */
async function openCli(
  runtime: CiRuntime,
  plan: EcrPushPlan,
  logins: readonly EcrLogin[],
  configDir: string,
): Promise<ContainerCli | undefined> {
  if (plan.kind === 'push' && plan.image.kind === 'archive') return undefined;
  const name = await detectContainerCli(
    runtime,
    plan.login.containerCli,
    inputName(runtime, INPUTS.containerCli),
  ).catch((error: unknown) => {
    if (plan.kind === 'push') throw error;
    // A login only works without a CLI: the config file is written anyway.
    runtime.log.info('No container CLI found: the login is in the Docker config file only.');
    return undefined;
  });
  if (!name) return undefined;
  const cli = new ContainerCli(runtime, name, configDir);
  runtime.state.save(STATE.cli, name);
  for (const l of logins) await cli.login(l.registry, l.username, l.password);
  runtime.log.info(
    `${name} is logged in to ${logins.map((l) => l.registry).join(', ')} (config in ${configDir}).`,
  );
  return cli;
}

/** DOCKER_CONFIG and REGISTRY_AUTH_FILE for later steps, and amazon-ecr-login's outputs. */
function handOnLogin(
  runtime: CiRuntime,
  plan: EcrPushPlan,
  logins: readonly EcrLogin[],
  configDir: string,
): void {
  runtime.setVariable(VARIABLES.dockerConfig, configDir);
  runtime.setVariable(VARIABLES.registryAuthFile, join(configDir, 'config.json'));
  const [only, ...more] = logins;
  if (only && more.length === 0) runtime.setOutput(inputName(runtime, OUTPUTS.registry), only.registry);
  runtime.setOutput(inputName(runtime, OUTPUTS.dockerConfig), configDir);
  if (!plan.login.outputDockerCredentials) return;
  for (const l of logins) {
    const suffix = outputSuffix(l.registry);
    runtime.setOutput(`${OUTPUTS.dockerUsernamePrefix}${suffix}`, l.username);
    runtime.setOutput(`${OUTPUTS.dockerPasswordPrefix}${suffix}`, l.password, { secret: true });
  }
}

/**
 * Logs in to the registries (tokens masked), writes them to a job-private Docker config and logs
 * the container CLI in; hands the login on to later steps where it outlives this one.
 */
export async function logIn(runtime: CiRuntime, clients: LoginClients, plan: EcrPushPlan): Promise<Session> {
  const logins = await runtime.log.group('Log in to Amazon ECR', async () => {
    const found = await fetchLogins(runtime, clients, plan);
    for (const l of found)
      runtime.log.info(
        `Token for ${l.registry}${l.expiresAt ? ` (valid until ${l.expiresAt.toISOString()})` : ''}.`,
      );
    return found;
  });
  const configDir = await loginConfigDir(runtime, plan, logins);
  for (const l of logins) await addDockerAuth(configDir, l.registry, l.username, l.password);
  const cli = await openCli(runtime, plan, logins, configDir);
  // Without a post step, a pushing command's private config is gone when it ends: nothing to hand on.
  if (runtime.rules.postStep || plan.kind === 'login') handOnLogin(runtime, plan, logins, configDir);
  return { logins, configDir, cli };
}
