// Names of the ECR step's inputs, outputs, variables and state keys, on each CI.
// GitHub names follow amazon-ecr-login where they overlap; Azure names follow the AWS Toolkit's ECRPushImage.

export const INPUTS = {
  repository: { github: 'repository', azure: 'repositoryName' },
  image: { github: 'image', azure: 'sourceImageName' },
  /** Azure (ECRPushImage): `imagename` (default) or `imageid`. */
  imageSource: { github: 'image-source', azure: 'imageSource' },
  sourceImageTag: { github: 'source-image-tag', azure: 'sourceImageTag' },
  sourceImageId: { github: 'source-image-id', azure: 'sourceImageId' },
  tags: { github: 'tags', azure: 'tags' },
  /** ECRPushImage's single tag; when set alone, it is the only tag pushed (as that task does). */
  pushTag: { github: 'push-tag', azure: 'pushTag' },
  pushMode: { github: 'push-mode', azure: 'pushMode' },
  containerCli: { github: 'container-cli', azure: 'containerCli' },
  dockerfile: { github: 'dockerfile', azure: 'dockerfile' },
  context: { github: 'context', azure: 'buildContext' },
  buildArgs: { github: 'build-args', azure: 'buildArgs' },
  /** Variables handed to the build as secrets (`--secret id=NAME,env=NAME`), never as build args. */
  buildSecrets: { github: 'build-secrets', azure: 'buildSecrets' },
  target: { github: 'target', azure: 'buildTarget' },
  /** The build's RUN network (`--network`), e.g. none on an agent without a bridge. */
  network: { github: 'network', azure: 'buildNetwork' },
  platform: { github: 'platform', azure: 'platform' },
  /** Several platforms built and pushed as one OCI image index under every tag. */
  platforms: { github: 'platforms', azure: 'platforms' },
  /** Build cache repositories in ECR (buildah/podman `--cache-from` / `--cache-to`). */
  cacheFrom: { github: 'cache-from', azure: 'cacheFrom' },
  cacheTo: { github: 'cache-to', azure: 'cacheTo' },
  /** Attach SLSA provenance (in-toto, DSSE) to the pushed image as `sha256-<digest>.att`. */
  provenance: { github: 'provenance', azure: 'provenance' },
  /** Sign the pushed image (index and each platform) with this KMS key, as cosign stores it. */
  signWithKmsKey: { github: 'sign-with-kms-key', azure: 'signWithKmsKey' },
  /** `keyless`: sign with a Fulcio certificate for the job's OIDC identity, recorded in Rekor. */
  sign: { github: 'sign', azure: 'sign' },
  sigstoreFulcioUrl: { github: 'sigstore-fulcio-url', azure: 'sigstoreFulcioUrl' },
  sigstoreRekorUrl: { github: 'sigstore-rekor-url', azure: 'sigstoreRekorUrl' },
  labels: { github: 'labels', azure: 'labels' },
  createRepository: { github: 'create-repository', azure: 'autoCreateRepository' },
  tagMutability: { github: 'image-tag-mutability', azure: 'imageTagMutability' },
  scanOnPush: { github: 'scan-on-push', azure: 'scanOnPush' },
  encryptionType: { github: 'encryption-type', azure: 'encryptionType' },
  kmsKey: { github: 'kms-key', azure: 'kmsKey' },
  forceNaming: { github: 'force-docker-naming-conventions', azure: 'forceDockerNamingConventions' },
  /** ECRPushImage's: remove the local source image after the push (`rmi -f`). */
  removeImage: { github: 'remove-docker-image', azure: 'removeDockerImage' },
  registries: { github: 'registries', azure: 'registries' },
  registryType: { github: 'registry-type', azure: 'registryType' },
  registryEndpoint: { github: 'registry-endpoint', azure: 'registryEndpoint' },
  maskPassword: { github: 'mask-password', azure: 'maskPassword' },
  /** amazon-ecr-login's `docker_username_*`/`docker_password_*` outputs (on by default where its names are). */
  outputDockerCredentials: { github: 'output-docker-credentials', azure: 'outputDockerCredentials' },
  skipLogout: { github: 'skip-logout', azure: 'skipLogout' },
  compression: { github: 'compression', azure: 'compression' },
  mountFrom: { github: 'mount-from', azure: 'mountFrom' },
  concurrency: { github: 'concurrency', azure: 'concurrency' },
  chunkSize: { github: 'chunk-size-mb', azure: 'chunkSizeMb' },
  outputVariable: { github: 'output-variable', azure: 'outputVariable' },
  timeoutSeconds: { github: 'timeout-seconds', azure: 'timeoutSeconds' },
} as const;

/** Output names per CI (Azure variable names take no hyphens). */
export const OUTPUTS = {
  registry: { github: 'registry', azure: 'registry' },
  imageUri: { github: 'image-uri', azure: 'imageUri' },
  imageUris: { github: 'image-uris', azure: 'imageUris' },
  digest: { github: 'digest', azure: 'digest' },
  tags: { github: 'tags', azure: 'tags' },
  /** `os/arch=digest` of each platform manifest of a pushed index, comma-separated. */
  platformDigests: { github: 'platform-digests', azure: 'platformDigests' },
  dockerConfig: { github: 'docker-config', azure: 'dockerConfig' },
  /** amazon-ecr-login: `docker_username_<registry with non-alphanumerics as _>`. */
  dockerUsernamePrefix: 'docker_username_',
  dockerPasswordPrefix: 'docker_password_',
} as const;

export const VARIABLES = {
  dockerConfig: 'DOCKER_CONFIG',
  registryAuthFile: 'REGISTRY_AUTH_FILE',
} as const;

export const STATE = {
  configDir: 'ecrDockerConfig',
  registries: 'ecrRegistries',
  cli: 'ecrLoginCli',
  skipLogout: 'ecrSkipLogout',
} as const;

export const PUSH_MODES = ['auto', 'cli', 'daemonless'] as const;
export type PushMode = (typeof PUSH_MODES)[number];
