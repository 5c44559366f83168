import { ANY_CI_LOG_COMMANDS, type CiRules, envNameProblem } from '@aws-ci-kit/core';

/** Example CI: its own name, session prefix and input naming style (a key no input spec lists yet). */
export function exampleRules(): CiRules {
  return {
    displayName: 'Example CI',
    sessionPrefix: 'ExampleCI',
    inputNaming: 'example-snake',
    variableNameProblem: envNameProblem,
    variableNameHint: 'Map the parameter to a valid name (`/path/name=VAR`).',
    caseInsensitiveVariables: false,
    multilineSecretHint: () => undefined,
    noCredentialsHint: 'Set EXAMPLE_INPUT_ROLE_TO_ASSUME, or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY.',
    credentialSources: 'step inputs, environment, shared config files, container and instance metadata',
    regionHint: 'Set EXAMPLE_INPUT_AWS_REGION (or AWS_REGION).',
    logCommands: ANY_CI_LOG_COMMANDS,
    inputLabel: (name) => `EXAMPLE_INPUT_${name.toUpperCase().replace(/-/g, '_')}`,
    jobIdToken: false,
    postStep: false,
  };
}
