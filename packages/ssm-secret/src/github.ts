import { runOnGithub } from '@aws-ci-kit/gha-adapter';
import { ssmSecretStep } from './step.ts';

/** The GitHub action (`runs.main`): dist/github.js calls it. */
export const run = (): Promise<void> => runOnGithub(ssmSecretStep);
