export { DEFAULTS, INPUTS, TOOLKIT_INPUTS } from './inputs.ts';
export {
  defaultSsmSecretDeps,
  readSsmSecretPlan,
  type SsmSecretDeps,
  type SsmSecretPlan,
  ssmSecretStep,
} from './step.ts';
