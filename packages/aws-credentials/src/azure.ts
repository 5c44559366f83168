import { runOnAzure, runPostOnAzure } from '@aws-ci-kit/azdo-adapter';
import { credentialsPostStep, credentialsStep } from './step.ts';

/** The Azure Pipelines task (`execution` and `postjobexecution`): dist/azure.js calls it. */
export const run = (): Promise<void> => runOnAzure(credentialsStep, credentialsPostStep);
/** The post step alone, for tools that run it as an entry of its own. */
export const post = (): Promise<void> => runPostOnAzure(credentialsPostStep);
