import { runOnAzure } from '@aws-ci-kit/azdo-adapter';
import { awsCliStep } from './step.ts';

void runOnAzure(awsCliStep);
