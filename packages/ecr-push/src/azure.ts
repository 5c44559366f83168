import { runOnAzure } from '@aws-ci-kit/azdo-adapter';
import { ecrPushPostStep, ecrPushStep } from './step.ts';

void runOnAzure((runtime) => ecrPushStep(runtime), ecrPushPostStep);
