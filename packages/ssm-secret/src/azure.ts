import { runOnAzure } from '@aws-ci-kit/azdo-adapter';
import { ssmSecretStep } from './step.ts';

void runOnAzure((runtime) => ssmSecretStep(runtime));
