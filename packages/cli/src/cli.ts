#!/usr/bin/env node
import { runCli } from './run-cli.ts';

// The SDK warns on node 20 that its future releases need node 22: the bundle pins its SDK, so the
// warning says nothing a job's owner can act on (as in the GitHub and Azure entries).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
void runCli(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
