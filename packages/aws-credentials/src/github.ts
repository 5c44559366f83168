import { runOnGithub } from '@aws-ci-kit/gha-adapter';
import { credentialsPostStep, credentialsStep } from './step.ts';

void runOnGithub(credentialsStep, credentialsPostStep);
