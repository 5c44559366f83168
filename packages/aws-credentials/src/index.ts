export { EXPORTED_VARIABLES, type ExportedVariable, OUTPUTS, STATE, STEP_INPUTS } from './names.ts';
export { restorePrevious, savePrevious } from './previous-values.ts';
export { credentialsPostStep, credentialsStep } from './step.ts';
export { replaceSection, writeProfile } from './write-profile.ts';
