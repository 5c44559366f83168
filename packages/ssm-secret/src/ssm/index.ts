// Public surface of the ssm capability's AWS logic: parse what to read, fetch it (masking secrets
// as they arrive), name the values, format a dotenv file.
export { ssmError } from './aws-error.ts';
export { buildVariables, type SsmVariable } from './build-variables.ts';
export { createSsmClient, SSM_DEFAULT_MAX_ATTEMPTS, type SsmClientOptions } from './create-ssm-client.ts';
export { expandJson } from './expand-json.ts';
export type { FetchedParameter, FetchResult, MissingParameter } from './fetch-collector.ts';
export { type FetchOptions, fetchParameters } from './fetch-parameters.ts';
export {
  checkPattern,
  leafOf,
  type NameTransform,
  parseNameTransform,
  toEnvName,
  transformName,
} from './name-transform.ts';
export {
  type InvalidRequest,
  type ParameterRequest,
  type PathRequest,
  parseParameterRequest,
  parsePathRequest,
  requestKey,
  type SsmRequest,
} from './parameter-request.ts';
export { planBatches } from './read-by-name.ts';
export type { SsmSender } from './ssm-sender.ts';
export { isEnvName } from './variable-name.ts';
