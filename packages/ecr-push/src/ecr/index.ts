// Public surface of the ecr capability's AWS and registry logic.
export { ecrAwsError } from './aws-error.ts';
export { CONTAINER_CLIS, ContainerCli, type ContainerCliName, detectContainerCli } from './container-cli.ts';
export { addDockerAuth, createDockerConfigDir, removeDockerConfigDir } from './docker-config.ts';
export {
  createEcrClient,
  createEcrPublicClient,
  type ECRClient,
  type ECRPUBLICClient,
  identityCheckOf,
} from './ecr-clients.ts';
export { ECR_PUBLIC_REGISTRY, type EcrLogin, getEcrLogins, getEcrPublicLogin } from './ecr-login.ts';
export { ensureRepository, type RepositorySettings } from './ensure-repository.ts';
export {
  normaliseRepositoryName,
  parseEcrHost,
  shortSha,
  splitRepository,
  validateRepositoryName,
  validateTag,
} from './image-names.ts';
export { openImageSource } from './image-source.ts';
export { hasUncompressedLayers, type ImageSource } from './image-types.ts';
export { type PushImageOptions, type PushResult, pushImage } from './push-image.ts';
export {
  cliPushSummaryMarkdown,
  formatBlobLine,
  formatBytes,
  formatPushLine,
  pushSummaryMarkdown,
} from './push-report.ts';
export { RegistryClient, type RegistryClientOptions } from './registry-client.ts';
