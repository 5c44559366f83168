import type { CiRuntime, InputRef } from '@aws-ci-kit/core';
import { CiKitError, inputName } from '@aws-ci-kit/core';
import { resolveAwsSession } from './resolve-aws-session.ts';
import { sessionEnvironment } from './session-environment.ts';

/** What a failed tool run is called: the stable code and words per way it can fail. */
export interface ToolFailureWords {
  /** `aws s3 ls`, `The script`: the subject of "exited with code N". */
  readonly subject: string;
  readonly exit: { readonly code: string; readonly hint: string };
  readonly stderr: {
    readonly code: string;
    readonly message: string;
    /** The fix hint; gets the input's name on this CI. */
    readonly hint: (inputName: string) => string;
  };
}

export interface ToolRun {
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd?: string;
  /** Only for a script the pipeline's author wrote: its output may issue CI commands. */
  readonly passCommands?: boolean;
  /** Fail when the tool writes to standard error; the input that asked for it. */
  readonly failOnStandardError: false | InputRef;
  readonly words: ToolFailureWords;
}

/**
 * Resolves the AWS session and runs one tool with the credentials and region in ITS OWN environment
 * only (masked by the chain before it starts; nothing is exported), then fails in one line when it
 * exits non-zero or, when asked, wrote to standard error. The AWS CLI and shell-script tasks' shared act.
 */
export async function runWithSession(runtime: CiRuntime, run: ToolRun): Promise<void> {
  const session = await resolveAwsSession(runtime);
  runtime.log.info(`AWS credentials from ${session.source}; region ${session.region}.`);
  const env = await sessionEnvironment(session);
  const result = await runtime.exec(run.command, run.args, {
    env,
    ignoreReturnCode: true,
    ...(run.cwd ? { cwd: run.cwd } : {}),
    ...(run.passCommands ? { passCommands: true } : {}),
  });
  const { words } = run;
  if (result.code !== 0) {
    throw new CiKitError('tool', `${words.subject} exited with code ${result.code}.`, {
      code: words.exit.code,
      hint: words.exit.hint,
    });
  }
  if (run.failOnStandardError && result.stderr.trim() !== '') {
    throw new CiKitError('tool', words.stderr.message, {
      code: words.stderr.code,
      hint: words.stderr.hint(inputName(runtime, run.failOnStandardError)),
    });
  }
}
