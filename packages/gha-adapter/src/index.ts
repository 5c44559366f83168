export { guardCommands } from './command-guard.ts';
export { createGithubRuntime } from './github-runtime.ts';
export { runOnGithub } from './run-on-github.ts';
export { runPostOnGithub } from './run-post-on-github.ts';
