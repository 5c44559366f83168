import { runOnGithub, runPostOnGithub } from '@aws-ci-kit/gha-adapter';
import { credentialsPostStep, credentialsStep } from './step.ts';

/** The GitHub action (`runs.main` and `runs.post`): dist/github.js calls it. */
export const run = (): Promise<void> => runOnGithub(credentialsStep, credentialsPostStep);
/** The post step alone, for tools that run it as an entry of its own. */
export const post = (): Promise<void> => runPostOnGithub(credentialsPostStep);
