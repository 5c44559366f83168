export { DEFAULTS, INPUTS, TOOLKIT_INPUTS } from './inputs.ts';
export { readSsmSecretPlan, type SsmSecretPlan } from './plan.ts';
export { defaultSsmSecretDeps, type SsmSecretDeps, ssmSecretStep } from './step.ts';
