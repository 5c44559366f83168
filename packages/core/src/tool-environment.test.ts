import { describe, expect, it } from 'vitest';
import { toolEnvironment } from './tool-environment.ts';

describe('toolEnvironment', () => {
  it('drops the step inputs in any case and keeps everything else', () => {
    const env = {
      'INPUT_AWS-SECRET-ACCESS-KEY': 'secret',
      input_regionname: 'eu-west-1',
      PATH: '/usr/bin',
      MY_INPUT_DIR: '/in',
      HOME: undefined,
    };
    expect(toolEnvironment(env)).toEqual({ PATH: '/usr/bin', MY_INPUT_DIR: '/in', HOME: undefined });
  });

  it('drops the names in alsoDrop exactly (case matters)', () => {
    const env = { ACTIONS_RUNTIME_TOKEN: 't', actions_runtime_token: 'kept', PATH: '/bin' };
    expect(toolEnvironment(env, ['ACTIONS_RUNTIME_TOKEN'])).toEqual({
      actions_runtime_token: 'kept',
      PATH: '/bin',
    });
  });

  it('returns a new object and leaves the given one as it was', () => {
    const env = { INPUT_X: '1', PATH: '/bin' };
    const out = toolEnvironment(env);
    out.PATH = 'changed';
    expect(env).toEqual({ INPUT_X: '1', PATH: '/bin' });
  });
});
