export { INPUTS, OUTPUTS, PUSH_MODES, type PushMode, STATE, VARIABLES } from './names.ts';
export { defaultEcrPushDeps, type EcrPushDeps, ecrPushPostStep, ecrPushStep, outputSuffix } from './step.ts';
