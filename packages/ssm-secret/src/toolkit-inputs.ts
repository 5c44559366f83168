import { CiKitError, type CiRuntime, invalidInput } from '@aws-ci-kit/core';
import { TOOLKIT_INPUTS } from './inputs.ts';

/**
 * What the AWS Toolkit SystemsManagerGetParameter task's inputs ask for, read wherever they are set
 * (a pipeline moved from the Toolkit task keeps its inputs): by mode, the entries to read before the
 * step's own `names` / `paths`, and the Toolkit's name transform input of that mode.
 */
export type ToolkitRequest =
  | {
      readonly mode: 'single';
      /** `readMode` was set (not only defaulted). */
      readonly readModeSet: boolean;
      /** `parameterName`, with `:parameterVersion` when set. */
      readonly name?: string;
      /** `singleNameTransform`, used when `parameterName` is set. */
      readonly transformInput?: string;
    }
  | {
      readonly mode: 'hierarchy';
      readonly readModeSet: true;
      /** `parameterPath`. */
      readonly path?: string;
      readonly transformInput: string;
    };

const READ_MODES: ReadonlyArray<ToolkitRequest['mode']> = ['single', 'hierarchy'];

/** Reads the Toolkit task's inputs; a bad `readMode` or `parameterVersion` is refused as the Toolkit does. */
export function readToolkitRequest(runtime: CiRuntime): ToolkitRequest {
  const readModeSet = runtime.input(TOOLKIT_INPUTS.readMode) !== undefined;
  const readMode = runtime.input(TOOLKIT_INPUTS.readMode) ?? 'single';
  const mode = READ_MODES.find((m) => m === readMode);
  if (mode === undefined) {
    throw invalidInput(
      runtime,
      TOOLKIT_INPUTS.readMode,
      '`single` or `hierarchy`',
      readMode,
      'Set `readMode` to `single` (parameterName) or `hierarchy` (parameterPath).',
    );
  }
  if (mode === 'hierarchy') {
    const path = runtime.input(TOOLKIT_INPUTS.parameterPath);
    return {
      mode,
      readModeSet: true,
      ...(path === undefined ? {} : { path }),
      transformInput: TOOLKIT_INPUTS.hierarchyNameTransform,
    };
  }
  const name = parameterName(runtime);
  return {
    mode,
    readModeSet,
    ...(name === undefined ? {} : { name, transformInput: TOOLKIT_INPUTS.singleNameTransform }),
  };
}

/** `parameterName`, with `:parameterVersion` (a version number from 1) when that is set. */
function parameterName(runtime: CiRuntime): string | undefined {
  const name = runtime.input(TOOLKIT_INPUTS.parameterName);
  const version = runtime.input(TOOLKIT_INPUTS.parameterVersion);
  if (version !== undefined && !/^[1-9]\d*$/.test(version)) {
    throw invalidInput(
      runtime,
      TOOLKIT_INPUTS.parameterVersion,
      'a version number from 1',
      version,
      'Set `parameterVersion` to a version number, or leave it empty for the latest version.',
    );
  }
  if (name === undefined) return undefined;
  return version === undefined ? name : `${name}:${version}`;
}

/**
 * In `hierarchy` mode a path is required, unless the step's own `names` or `paths` say what to read.
 * `ownEntries`: how many entries those inputs list.
 */
export function checkToolkitRequest(request: ToolkitRequest, ownEntries: number): void {
  if (request.mode === 'hierarchy' && request.path === undefined && ownEntries === 0) {
    throw new CiKitError('input', 'Input `parameterPath` is required when `readMode` is `hierarchy`.', {
      code: 'InputMissing',
      hint: 'Set `parameterPath` to the path of the parameters, e.g. /app/prod.',
    });
  }
}
