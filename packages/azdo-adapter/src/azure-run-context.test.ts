import { describe, expect, it } from 'vitest';
import { azureRunContext } from './azure-run-context.ts';

describe("the run context from Azure Pipelines' predefined variables", () => {
  it('Azure Pipelines', () => {
    expect(
      azureRunContext({
        BUILD_REPOSITORY_NAME: 'contoso/app',
        BUILD_DEFINITIONNAME: 'ci',
        BUILD_BUILDID: '77',
        SYSTEM_JOBATTEMPT: '1',
        BUILD_SOURCEVERSION: 'def456',
        BUILD_SOURCEBRANCHNAME: 'release',
        BUILD_REQUESTEDFOR: 'Jane Doe',
        SYSTEM_COLLECTIONURI: 'https://dev.azure.com/contoso/',
        BUILD_REPOSITORY_URI: 'https://dev.azure.com/contoso/app/_git/app',
        GITHUB_SHA: 'ignored',
        BUILD_SOURCESDIRECTORY: '/agent/_work/1/s',
      }),
    ).toEqual({
      repository: 'contoso/app',
      pipeline: 'ci',
      runId: '77',
      runAttempt: '1',
      commitSha: 'def456',
      branch: 'release',
      actor: 'Jane Doe',
      serverUrl: 'https://dev.azure.com/contoso/',
      repositoryUrl: 'https://dev.azure.com/contoso/app/_git/app',
      workspace: '/agent/_work/1/s',
    });
  });
  it('unset variables are left out', () => {
    expect(azureRunContext({})).toEqual({});
  });
});
