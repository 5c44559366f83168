export { DEFAULT_WORKING_DIRECTORY, INPUTS, SCRIPT_TYPES } from './names.ts';
export { shellScriptStep } from './step.ts';
