/** The environment variable that sets an input: `role-to-assume` -> `AWS_CI_KIT_ROLE_TO_ASSUME`. */
export function inputVariableName(input: string): string {
  return `AWS_CI_KIT_${input.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}
