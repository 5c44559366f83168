export { type AwsErrorTable, awsError } from './aws-error.ts';
export {
  type ControlVariableOptions,
  controlVariableKey,
  controlVariableProblem,
  isAllowedControlVariable,
  type NamedFromData,
  refuseControlVariables,
} from './control-variable.ts';
export { dataNameProblem } from './data-name-problem.ts';
export { envNameProblem } from './env-name.ts';
export type { ErrorKind } from './errors.ts';
export {
  CiKitError,
  describeError,
  errorCode,
  INTERNAL_ERROR_CODE,
  isCiKitError,
  isUserError,
} from './errors.ts';
export { fileError } from './file-error.ts';
export { formatDotenv } from './format-dotenv.ts';
export {
  ANY_CI_LOG_COMMANDS,
  escapeControls,
  guardOneLine,
  guardOutput,
  type LogCommandSyntax,
} from './guard-output.ts';
export type { InputRef, InputSource, InputSpec, InputStyle } from './inputs.ts';
export {
  getBooleanInput,
  getChoiceInput,
  getInput,
  getIntegerInput,
  getListInput,
  getRequiredInput,
  inputDefault,
  inputName,
  invalidInput,
  setByUser,
} from './inputs.ts';
export { mapLimit } from './map-limit.ts';
export { markdownTable, type TableCell } from './markdown-table.ts';
export { oneLine } from './one-line.ts';
export { quoteValue } from './quote-value.ts';
export { type RetryOptions, type RetryPolicy, withRetry } from './retry.ts';
export { runContext } from './run-context.ts';
export type {
  CiRules,
  CiRuntime,
  ExecOptions,
  ExecResult,
  IdTokenRequest,
  Logger,
  RunContext,
  ServiceConnection,
  StateStore,
  Step,
  VariableOptions,
} from './runtime.ts';
export { secretLines } from './secret-lines.ts';
export { type SettledValues, settleAll } from './settle-all.ts';
export { spawnProcess } from './spawn-process.ts';
export { splitArguments } from './split-arguments.ts';
export type { StepDeadline, StepDeadlineSpec } from './step-deadline.ts';
export { stepDeadlineOf, withStepDeadline } from './step-deadline.ts';
export { toolEnvironment } from './tool-environment.ts';
export { appendPrivateFile, type PrivateFileOptions, writePrivateFile } from './write-private-file.ts';
