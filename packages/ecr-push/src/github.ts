import { runOnGithub } from '@aws-ci-kit/gha-adapter';
import { ecrPushPostStep, ecrPushStep } from './step.ts';

void runOnGithub((runtime) => ecrPushStep(runtime), ecrPushPostStep);
