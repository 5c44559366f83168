import { runOnGithub } from '@aws-ci-kit/gha-adapter';
import { ssmSecretStep } from './step.ts';

void runOnGithub((runtime) => ssmSecretStep(runtime));
