export { INPUTS } from './names.ts';
export { awsCliStep } from './step.ts';
