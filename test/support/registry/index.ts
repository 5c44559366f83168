export { type ArchiveLayer, type DockerArchive, writeDockerArchive } from './archive.js';
export { makeCerts, type TestCerts } from './certs.js';
export { CERTS_D, type Dockerd, type DockerdOptions, startDockerd } from './dockerd.js';
export { type EcrRegistry, ecrHostname, motoEcrPassword, TEST_ACCOUNT, withEcrHostname } from './ecr.js';
export { makeTempDir, type RunOptions, type RunResult, removeTree, run } from './exec.js';
export { mapHostToLoopback } from './hosts.js';
export {
  buildScratchImage,
  dockerSaveArchive,
  type LayerOptions,
  makeOciLayout,
  type OciLayout,
  type OciLayoutOptions,
  type ScratchImageOptions,
} from './images.js';
export { type Basic, canListen, freePort, httpStatus, type StatusOptions } from './net.js';
export { type Registry, type RegistryOptions, type RegistryUser, startRegistry } from './registry.js';
export {
  type RegistryAccess,
  type SkopeoImage,
  skopeoCopy,
  skopeoInspect,
  skopeoInspectRaw,
} from './skopeo.js';
