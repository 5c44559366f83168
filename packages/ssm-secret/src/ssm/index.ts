// Public surface of the ssm capability's AWS logic: parse what to read, fetch it (masking secrets
// as they arrive), name the values, format a dotenv file.
export { ssmError } from './aws-error.ts';
export { type BuildVariablesOptions, buildVariables, type SsmVariable } from './build-variables.ts';
export { createSsmClient, SSM_DEFAULTS, type SsmClientOptions } from './create-ssm-client.ts';
export { expandJson, type JsonEntry } from './expand-json.ts';
export {
  BATCH_SIZE,
  type FetchedParameter,
  type FetchOptions,
  type FetchResult,
  fetchParameters,
  type MissingParameter,
  PAGE_SIZE,
  planBatches,
  type SsmSender,
} from './fetch-parameters.ts';
export {
  checkPattern,
  leafOf,
  NAME_TRANSFORMS,
  type NameTransform,
  type NameTransformKind,
  parseNameTransform,
  toEnvName,
  transformName,
} from './name-transform.ts';
export {
  type ParameterRequest,
  type PathRequest,
  parseParameterRequest,
  parsePathRequest,
  requestKey,
  SECRETS_MANAGER_PREFIX,
} from './parameter-request.ts';
export { isEnvName } from './variable-name.ts';
