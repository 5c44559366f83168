export { guardCommands } from './command-guard.ts';
export { githubRules } from './github-rules.ts';
export { createGithubRuntime } from './github-runtime.ts';
export { runOnGithub } from './run-on-github.ts';
