/** Characters that carry meaning for a CI's command parser or a shell: never part of a name taken from data. */
const COMMAND_SYNTAX = /::|##|[$`%;|&<>"'\\(){}[\]=!*?]/;
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/**
 * Why a name that comes from data (an SSM parameter path, a JSON key) cannot become part of a
 * variable name, or undefined. The same rule on every CI: a control character or command syntax is
 * refused, never renamed, so a hostile key cannot turn into a variable on one CI and not another.
 */
export function dataNameProblem(name: string): string | undefined {
  if (CONTROL.test(name)) return 'it contains a control character';
  const syntax = COMMAND_SYNTAX.exec(name)?.[0];
  if (syntax !== undefined)
    return `it contains ${JSON.stringify(syntax)}, which CIs or shells read as syntax`;
  return undefined;
}
