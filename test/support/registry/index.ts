export { makeCerts, type TestCerts } from './certs.js';
export { startDockerd, CERTS_D, type Dockerd, type DockerdOptions } from './dockerd.js';
export { run, makeTempDir, type RunOptions, type RunResult } from './exec.js';
export { mapHostToLoopback } from './hosts.js';
export {
  buildScratchImage,
  dockerSaveArchive,
  makeOciLayout,
  type LayerOptions,
  type OciLayout,
  type OciLayoutOptions,
  type ScratchImageOptions,
} from './images.js';
export { freePort, httpStatus, type Basic, type StatusOptions } from './net.js';
export {
  ecrHostname,
  startRegistry,
  withEcrHostname,
  TEST_ACCOUNT,
  type EcrRegistry,
  type Registry,
  type RegistryOptions,
  type RegistryUser,
} from './registry.js';
export {
  skopeoCopy,
  skopeoInspect,
  skopeoInspectRaw,
  type RegistryAccess,
  type SkopeoImage,
} from './skopeo.js';
