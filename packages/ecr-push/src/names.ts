// Names of the ECR step's inputs, outputs, variables and state keys, on each CI.
// GitHub names follow amazon-ecr-login where they overlap; Azure names follow the AWS Toolkit's ECRPushImage.

export const INPUTS = {
  repository: { name: 'repository', styles: { toolkit: 'repositoryName' } },
  image: { name: 'image', styles: { toolkit: 'sourceImageName' } },
  /** Azure (ECRPushImage): `imagename` (default) or `imageid`. */
  imageSource: { name: 'image-source', default: 'imagename', styles: { toolkit: 'imageSource' } },
  /** The agent passes task.json's default (latest) on every run. */
  sourceImageTag: { name: 'source-image-tag', default: 'latest', styles: { toolkit: 'sourceImageTag' } },
  sourceImageId: { name: 'source-image-id', styles: { toolkit: 'sourceImageId' } },
  tags: { name: 'tags', styles: { toolkit: 'tags' } },
  /** ECRPushImage's single tag; when set alone, it is the only tag pushed (as that task does). */
  pushTag: { name: 'push-tag', styles: { toolkit: 'pushTag' } },
  pushMode: { name: 'push-mode', default: 'auto', styles: { toolkit: 'pushMode' } },
  containerCli: { name: 'container-cli', styles: { toolkit: 'containerCli' } },
  dockerfile: { name: 'dockerfile', styles: { toolkit: 'dockerfile' } },
  context: { name: 'context', styles: { toolkit: 'buildContext' } },
  buildArgs: { name: 'build-args', styles: { toolkit: 'buildArgs' } },
  /** Variables handed to the build as secrets (`--secret id=NAME,env=NAME`), never as build args. */
  buildSecrets: { name: 'build-secrets', styles: { toolkit: 'buildSecrets' } },
  target: { name: 'target', styles: { toolkit: 'buildTarget' } },
  /** The build's RUN network (`--network`), e.g. none on an agent without a bridge. */
  network: { name: 'network', styles: { toolkit: 'buildNetwork' } },
  platform: { name: 'platform', styles: { toolkit: 'platform' } },
  /** Several platforms built and pushed as one OCI image index under every tag. */
  platforms: { name: 'platforms', styles: { toolkit: 'platforms' } },
  /** Build cache repositories in ECR (buildah/podman `--cache-from` / `--cache-to`). */
  cacheFrom: { name: 'cache-from', styles: { toolkit: 'cacheFrom' } },
  cacheTo: { name: 'cache-to', styles: { toolkit: 'cacheTo' } },
  /** Attach SLSA provenance (in-toto, DSSE) to the pushed image as `sha256-<digest>.att`. */
  provenance: { name: 'provenance', styles: { toolkit: 'provenance' } },
  /** Sign the pushed image (index and each platform) with this KMS key, as cosign stores it. */
  signWithKmsKey: { name: 'sign-with-kms-key', styles: { toolkit: 'signWithKmsKey' } },
  /** `keyless`: sign with a Fulcio certificate for the job's OIDC identity, recorded in Rekor. */
  sign: { name: 'sign', styles: { toolkit: { name: 'sign', default: 'none' } } },
  sigstoreFulcioUrl: { name: 'sigstore-fulcio-url', styles: { toolkit: 'sigstoreFulcioUrl' } },
  sigstoreRekorUrl: { name: 'sigstore-rekor-url', styles: { toolkit: 'sigstoreRekorUrl' } },
  labels: { name: 'labels', styles: { toolkit: 'labels' } },
  createRepository: { name: 'create-repository', styles: { toolkit: 'autoCreateRepository' } },
  tagMutability: {
    name: 'image-tag-mutability',
    default: 'MUTABLE',
    styles: { toolkit: 'imageTagMutability' },
  },
  scanOnPush: { name: 'scan-on-push', styles: { toolkit: 'scanOnPush' } },
  encryptionType: { name: 'encryption-type', default: 'AES256', styles: { toolkit: 'encryptionType' } },
  kmsKey: { name: 'kms-key', styles: { toolkit: 'kmsKey' } },
  forceNaming: {
    name: 'force-docker-naming-conventions',
    styles: { toolkit: 'forceDockerNamingConventions' },
  },
  /** ECRPushImage's: remove the local source image after the push (`rmi -f`). */
  removeImage: { name: 'remove-docker-image', styles: { toolkit: 'removeDockerImage' } },
  registries: { name: 'registries', styles: { toolkit: 'registries' } },
  registryType: { name: 'registry-type', default: 'private', styles: { toolkit: 'registryType' } },
  registryEndpoint: { name: 'registry-endpoint', styles: { toolkit: 'registryEndpoint' } },
  maskPassword: { name: 'mask-password', styles: { toolkit: 'maskPassword' } },
  /** amazon-ecr-login's `docker_username_*`/`docker_password_*` outputs (on by default where its names are). */
  /** amazon-ecr-login always sets them (password masked); the Toolkit's users get them when they ask. */
  outputDockerCredentials: {
    name: 'output-docker-credentials',
    default: 'true',
    styles: { toolkit: { name: 'outputDockerCredentials', default: 'false' } },
  },
  skipLogout: { name: 'skip-logout', styles: { toolkit: 'skipLogout' } },
  compression: { name: 'compression', default: 'gzip', styles: { toolkit: 'compression' } },
  mountFrom: { name: 'mount-from', styles: { toolkit: 'mountFrom' } },
  concurrency: { name: 'concurrency', default: '4', styles: { toolkit: 'concurrency' } },
  chunkSize: { name: 'chunk-size-mb', default: '0', styles: { toolkit: 'chunkSizeMb' } },
  outputVariable: { name: 'output-variable', styles: { toolkit: 'outputVariable' } },
  timeoutSeconds: { name: 'timeout-seconds', styles: { toolkit: 'timeoutSeconds' } },
} as const;

/** Output names per CI (Azure variable names take no hyphens). */
export const OUTPUTS = {
  registry: { name: 'registry', styles: { toolkit: 'registry' } },
  imageUri: { name: 'image-uri', styles: { toolkit: 'imageUri' } },
  imageUris: { name: 'image-uris', styles: { toolkit: 'imageUris' } },
  digest: { name: 'digest', styles: { toolkit: 'digest' } },
  tags: { name: 'tags', styles: { toolkit: 'tags' } },
  /** `os/arch=digest` of each platform manifest of a pushed index, comma-separated. */
  platformDigests: { name: 'platform-digests', styles: { toolkit: 'platformDigests' } },
  dockerConfig: { name: 'docker-config', styles: { toolkit: 'dockerConfig' } },
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

// The choices of the choice inputs (compared case-insensitively; the specs above hold the defaults).
export const TAG_MUTABILITIES = ['mutable', 'immutable'] as const;
export const ENCRYPTION_TYPES = ['aes256', 'kms'] as const;
export const REGISTRY_TYPES = ['private', 'public'] as const;
export const IMAGE_SOURCES = ['imagename', 'imageid'] as const;
export const COMPRESSIONS = ['gzip', 'none'] as const;
