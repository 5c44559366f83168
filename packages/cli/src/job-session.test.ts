import { isCiKitError } from '@aws-ci-kit/core';
import { describe, expect, it } from 'vitest';
import { reuseJobSession, SESSION_MARKER } from './job-session.ts';

const ROLE = 'arn:aws:iam::123456789012:role/deploy';
const KEY = 'ASIAEXAMPLE';
const env = (marker: string) => ({ AWS_ACCESS_KEY_ID: KEY, [SESSION_MARKER]: marker });
const NOW = Date.parse('2026-12-06T12:00:00Z');

async function hashOf(key: string): Promise<string> {
  const { createHash } = await import('node:crypto');
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}

describe('one role assumption per job, while its session lasts', () => {
  it('reuses the session the marker names: the role flag goes, the keys stay', async () => {
    const marker = `${ROLE} ${await hashOf(KEY)} 2026-12-06T13:00:00.000Z`;
    const session = reuseJobSession(env(marker), { 'role-to-assume': ROLE, region: 'eu-west-1' }, NOW);
    expect(session).toEqual({
      env: expect.objectContaining({ AWS_ACCESS_KEY_ID: KEY }),
      flags: { region: 'eu-west-1' },
      reused: ROLE,
    });
  });

  it('a marker without an expiry (an older CLI) is reused as before', async () => {
    const session = reuseJobSession(env(`${ROLE} ${await hashOf(KEY)}`), { 'role-to-assume': ROLE }, NOW);
    expect(session.reused).toBe(ROLE);
  });

  it('another role, or keys that are not the marked session, assume the role as usual', async () => {
    const marker = `${ROLE} ${await hashOf('ASIAOTHER')} 2026-12-06T13:00:00.000Z`;
    expect(reuseJobSession(env(marker), { 'role-to-assume': ROLE }, NOW).reused).toBeUndefined();
    const mine = `${ROLE} ${await hashOf(KEY)} 2026-12-06T13:00:00.000Z`;
    expect(reuseJobSession(env(mine), { 'role-to-assume': `${ROLE}-2` }, NOW).reused).toBeUndefined();
  });

  it('an ended session, or one ending within a minute, is one line with its code and the fix', async () => {
    for (const [expiry, verb] of [
      ['2026-12-06T11:00:00.000Z', 'ended'],
      ['2026-12-06T12:00:30.000Z', 'ends'],
    ] as const) {
      let error: unknown;
      try {
        reuseJobSession(env(`${ROLE} ${await hashOf(KEY)} ${expiry}`), { 'role-to-assume': ROLE }, NOW);
      } catch (e) {
        error = e;
      }
      expect(isCiKitError(error) && error.code).toBe('JobSessionExpired');
      expect(error).toMatchObject({
        message: `The session of ${ROLE} that an earlier aws-ci-kit command of this job exported ${verb} at ${expiry} (AWS_CI_KIT_ASSUMED_ROLE).`,
      });
    }
  });
});
