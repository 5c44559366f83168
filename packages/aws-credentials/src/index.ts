export {
  EXPORTED_VARIABLES,
  type ExportedVariable,
  OUTPUTS,
  PROFILE_VARIABLE,
  SKIP_CLEANUP_VARIABLE,
  STATE,
  STEP_INPUTS,
} from './names.ts';
export { restorePrevious, savePrevious } from './previous-values.ts';
export { credentialsPostStep, credentialsStep } from './step.ts';
export { profileExists, replaceSection, writeProfile } from './write-profile.ts';
