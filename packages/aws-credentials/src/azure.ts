import { runOnAzure } from '@aws-ci-kit/azdo-adapter';
import { credentialsPostStep, credentialsStep } from './step.ts';

void runOnAzure(credentialsStep, credentialsPostStep);
