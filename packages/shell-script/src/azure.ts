import { runOnAzure } from '@aws-ci-kit/azdo-adapter';
import { shellScriptStep } from './step.ts';

void runOnAzure(shellScriptStep);
