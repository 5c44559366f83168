// Public surface of the ecr capability's AWS and registry logic.
export { ecrAwsError } from './aws-error.ts';
export { type BlobStore, directoryStore, tarStore } from './blob-store.ts';
export { type CompressedImage, compressLayers, hasUncompressedLayers } from './compress-layers.ts';
export {
  type BuildOptions,
  CONTAINER_CLIS,
  ContainerCli,
  type ContainerCliName,
  detectContainerCli,
} from './container-cli.ts';
export { addDockerAuth, createDockerConfigDir, removeDockerConfigDir } from './docker-config.ts';
export {
  createEcrClient,
  createEcrPublicClient,
  type ECRClient,
  type ECRPUBLICClient,
} from './ecr-clients.ts';
export { ECR_PUBLIC_REGISTRY, type EcrLogin, getEcrLogins, getEcrPublicLogin } from './ecr-login.ts';
export { ensureRepository, type RepositorySettings } from './ensure-repository.ts';
export { HttpNetworkError } from './http-request.ts';
export {
  normaliseRepositoryName,
  parseEcrHost,
  shortSha,
  splitRepository,
  validateRepositoryName,
  validateTag,
} from './image-names.ts';
export { type OpenImageOptions, openImageSource } from './image-source.ts';
export {
  type BlobSource,
  type ImageSource,
  type ImageSourceKind,
  isIndexMediaType,
  type ManifestNode,
  MEDIA_TYPES,
} from './image-types.ts';
export { type BlobReport, type PushImageOptions, type PushResult, pushImage } from './push-image.ts';
export {
  cliPushSummaryMarkdown,
  formatBlobLine,
  formatBytes,
  formatPushLine,
  pushSummaryMarkdown,
} from './push-report.ts';
export {
  type BlobOutcome,
  DEFAULT_RETRY,
  RegistryClient,
  type RegistryClientOptions,
  type RegistryCredentials,
  type UploadOptions,
  type UploadResult,
} from './registry-client.ts';
export { isRetryable, RetryableRegistryError, registryError } from './registry-error.ts';
export { indexTar, type TarEntry } from './tar-index.ts';
