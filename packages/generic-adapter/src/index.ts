export {
  CI_PROFILES,
  type CiProfile,
  ciProfile,
  EXPORT_FORMATS,
  type ExportFormat,
  GITLAB_ID_TOKEN_VARIABLE,
  type IdTokenSource,
} from './ci-profiles.ts';
export {
  createGenericRuntime,
  type GenericRuntime,
  type GenericRuntimeOptions,
  type SetValue,
} from './create-generic-runtime.ts';
export { type DetectedCi, detectCi } from './detect-ci.ts';
export { genericRules } from './generic-rules.ts';
export { inputVariableName } from './input-variable-name.ts';
export { type IdTokenSettings, idTokenSourceName, requestCiIdToken } from './request-ci-id-token.ts';
export { secretRedactor } from './secret-redactor.ts';
export { shellQuote } from './shell-quote.ts';
