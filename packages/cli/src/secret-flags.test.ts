import { describe, expect, it } from 'vitest';
import { refuseSecretFlags } from './secret-flags.ts';
import { UsageError } from './usage-error.ts';

describe('refuseSecretFlags', () => {
  it('lets every other flag through', () => {
    expect(() =>
      refuseSecretFlags('credentials', { 'aws-access-key-id': 'AKIA1', 'aws-region': 'eu' }),
    ).not.toThrow();
  });

  it('refuses a secret as a flag, naming the variable that carries it instead', () => {
    for (const flag of ['aws-secret-access-key', 'aws-session-token']) {
      let thrown: unknown;
      try {
        refuseSecretFlags('credentials', { [flag]: 's3cr3t' });
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(UsageError);
      const message = (thrown as Error).message;
      expect(message).toMatch(
        new RegExp(`^aws-ci-kit credentials: --${flag} would put a secret on the command line`),
      );
      expect(message).toContain(`set AWS_CI_KIT_${flag.toUpperCase().replace(/-/g, '_')} or`);
      expect(message).not.toContain('s3cr3t');
    }
  });
});
