import { runOnAzure } from '@aws-ci-kit/azdo-adapter';
import { ssmSecretStep } from './step.ts';

/** The Azure Pipelines task (`execution`): dist/azure.js calls it. */
export const run = (): Promise<void> => runOnAzure(ssmSecretStep);
