import { describe, expect, it } from 'vitest';
import { azurePipelinesRules } from './azure-rules.ts';

describe('Azure Pipelines rules', () => {
  const rules = azurePipelinesRules(() => undefined);

  it('variable names: Toolkit-style path names are fine; reserved prefixes and command characters are not', () => {
    expect(rules.variableNameProblem('/app/prod/DB_HOST')).toBeUndefined();
    expect(rules.variableNameProblem('my.var-1')).toBeUndefined();
    expect(rules.variableNameProblem('secret.x')).toMatch(/reserved/);
    expect(rules.variableNameProblem('a;issecret=false')).toBeDefined();
    expect(rules.variableNameProblem('a]b')).toBeDefined();
    expect(rules.caseInsensitiveVariables).toBe(true);
  });

  it('the AWS Toolkit names; OIDC only through a service connection', () => {
    expect(rules.inputNaming).toBe('toolkit');
    expect(rules.sessionPrefix).toBe('AzurePipelines');
    expect(rules.jobIdToken).toBe(false);
    // The task's post-job execution restores and cleans up.
    expect(rules.postStep).toBe(true);
  });

  it('multi-line secrets only with System.UnsafeAllowMultilineSecret', () => {
    expect(rules.multilineSecretHint()).toMatch(/System\.UnsafeAllowMultilineSecret to true/);
    const optedIn = azurePipelinesRules((name) =>
      name === 'System.UnsafeAllowMultilineSecret' ? 'True' : undefined,
    );
    expect(optedIn.multilineSecretHint()).toBeUndefined();
  });
});
