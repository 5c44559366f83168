import { CiKitError, inputName } from '@aws-ci-kit/core';
import { resolveAwsSession } from "./resolve-aws-session.js";
import { sessionEnvironment } from "./session-environment.js";
/**
 * Resolves the AWS session and runs one tool with the credentials and region in ITS OWN environment
 * only (masked by the chain before it starts; nothing is exported), then fails in one line when it
 * exits non-zero or, when asked, wrote to standard error. The AWS CLI and shell-script tasks' shared act.
 */
export async function runWithSession(runtime, run) {
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
