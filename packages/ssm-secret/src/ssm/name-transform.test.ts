import { describe, expect, it } from 'vitest';
import { leafOf, parseNameTransform, toEnvName, transformName } from './name-transform.ts';

describe('name transforms', () => {
  it('leaf works for names with and without a slash (the Toolkit task threw on the latter)', () => {
    expect(leafOf('/app/prod/DB_HOST')).toBe('DB_HOST');
    expect(leafOf('/app/prod/')).toBe('prod');
    expect(leafOf('DB_HOST')).toBe('DB_HOST');
  });

  it('env upper-cases, replaces other characters and avoids a leading digit', () => {
    expect(toEnvName('/app/prod/db-password')).toBe('APP_PROD_DB_PASSWORD');
    expect(toEnvName('/1st/key.v2')).toBe('_1ST_KEY_V2');
    expect(toEnvName('straße')).toBe('STRASSE');
    expect(transformName('/aws/reference/secretsmanager/ci/db-creds', { steps: ['env'] })).toBe(
      'CI_DB_CREDS',
    );
    expect(
      transformName('arn:aws:ssm:eu-central-1:123456789012:parameter/shared/x', { steps: ['env'] }),
    ).toBe('SHARED_X');
  });

  it('substitute follows the global and case-insensitive flags', () => {
    const base = { steps: ['substitute' as const], pattern: '/APP/', replacement: '_' };
    expect(transformName('/app/x/app/y', { ...base, globalMatch: true, caseInsensitiveMatch: true })).toBe(
      '_x_y',
    );
    expect(transformName('/app/x/app/y', { ...base, globalMatch: false, caseInsensitiveMatch: true })).toBe(
      '_x/app/y',
    );
    expect(transformName('/app/x', { ...base, globalMatch: true, caseInsensitiveMatch: false })).toBe(
      '/app/x',
    );
  });

  it('chains and prefixes; custom stands alone', () => {
    expect(transformName('/app/prod/db-password', { steps: ['leaf', 'env'], prefix: 'SSM_' })).toBe(
      'SSM_DB_PASSWORD',
    );
    expect(transformName('/app/x', { steps: ['custom'], customName: 'MINE', prefix: 'P_' })).toBe('MINE');
    expect(parseNameTransform('leaf, env', 'name-transform')).toEqual(['leaf', 'env']);
    expect(() => parseNameTransform('leaf,custom', 'name-transform')).toThrow(/cannot be chained/);
    expect(() => parseNameTransform('upper', 'name-transform')).toThrow(/unknown name transform "upper"/);
  });
});
