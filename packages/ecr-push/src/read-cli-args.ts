import {
  CiKitError,
  type CiRuntime,
  getInput,
  getListInput,
  type InputSpec,
  inputName,
  quoteValue,
} from '@aws-ci-kit/core';
import { INPUTS } from './names.ts';

/**
 * The inputs a container CLI may receive as arguments, read once. Each is checked in every mode
 * (an invalid value is an error even where the mode does not use it): none can be read as an option.
 */
export interface CliArgInputs {
  readonly image: string | undefined;
  readonly context: string | undefined;
  readonly dockerfile: string | undefined;
  readonly target: string | undefined;
  readonly platform: string | undefined;
  readonly sourceImageTag: string | undefined;
  readonly sourceImageId: string | undefined;
  /** `KEY=value` or `KEY`, one per line. */
  readonly buildArgs: readonly string[];
  /** `key=value`, one per line. */
  readonly labels: readonly string[];
}

function readArg(runtime: CiRuntime, spec: InputSpec): string | undefined {
  const value = getInput(runtime, spec);
  if (!value?.startsWith('-')) return value;
  const name = inputName(runtime, spec);
  throw new CiKitError(
    'input',
    `Input \`${name}\` starts with "-" (${quoteValue(value)}), so a container CLI would read it as an option.`,
    {
      code: 'InputInvalid',
      hint: `Set \`${name}\` to an image name, path or value that does not start with "-" (write ./-name for a path).`,
    },
  );
}

/** One item per line; no item, nor any comma-separated piece of one, may start with "-". */
function readArgLines(runtime: CiRuntime, spec: InputSpec): string[] {
  const lines = getListInput(runtime, spec, { separators: 'lines' });
  const bad = lines
    .flatMap((line) => line.split(',').map((piece) => piece.trim()))
    .find((p) => p.startsWith('-'));
  if (bad === undefined) return lines;
  const name = inputName(runtime, spec);
  throw new CiKitError(
    'input',
    `Input \`${name}\` lists ${quoteValue(bad)}, which a container CLI would read as an option.`,
    { code: 'InputInvalid', hint: `Remove the leading "-" from the items of \`${name}\`.` },
  );
}

export function readCliArgInputs(runtime: CiRuntime): CliArgInputs {
  // In this order, so that of several bad values the first named here is reported.
  const image = readArg(runtime, INPUTS.image);
  const context = readArg(runtime, INPUTS.context);
  const dockerfile = readArg(runtime, INPUTS.dockerfile);
  const target = readArg(runtime, INPUTS.target);
  const platform = readArg(runtime, INPUTS.platform);
  const sourceImageTag = readArg(runtime, INPUTS.sourceImageTag);
  const sourceImageId = readArg(runtime, INPUTS.sourceImageId);
  const buildArgs = readArgLines(runtime, INPUTS.buildArgs);
  const labels = readArgLines(runtime, INPUTS.labels);
  return { image, context, dockerfile, target, platform, sourceImageTag, sourceImageId, buildArgs, labels };
}
