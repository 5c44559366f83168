import { describe, expect, it } from 'vitest';
import { isCiKitError } from './errors.ts';
import {
  getBooleanInput,
  getChoiceInput,
  getInput,
  getIntegerInput,
  getListInput,
  getRequiredInput,
  inputDefault,
  inputName,
  invalidInput,
  setByUser,
} from './inputs.ts';

/** What an adapter says about input names: a naming style, a key of the specs' `styles` (or none of them). */
function rulesOf(style: string) {
  return { rules: { inputNaming: style } };
}

/** The two members of the port the input helpers use: the CI's rules, and its raw (already trimmed) inputs. */
function inputs(style: string, values: Record<string, string>) {
  return { ...rulesOf(style), input: (name: string) => (values[name] === '' ? undefined : values[name]) };
}

const REGION = { name: 'aws-region', styles: { toolkit: 'regionName' }, aliases: ['region'] } as const;

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('input names per CI', () => {
  it('uses the GitHub name on GitHub and the generic CLI, the Azure name on Azure', () => {
    expect(inputName(rulesOf('kebab'), REGION)).toBe('aws-region');
    expect(inputName(rulesOf('any-other-style'), REGION)).toBe('aws-region');
    expect(inputName(rulesOf('toolkit'), REGION)).toBe('regionName');
    expect(inputName(rulesOf('toolkit'), { name: 'only-github' })).toBe('only-github');
    expect(inputName(rulesOf('toolkit'), 'plain')).toBe('plain');
  });

  it('reads the CI-specific name first, then the aliases', () => {
    expect(getInput(inputs('kebab', { 'aws-region': 'eu-west-1', region: 'x' }), REGION)).toBe('eu-west-1');
    expect(getInput(inputs('toolkit', { regionName: 'eu-west-2', 'aws-region': 'no' }), REGION)).toBe(
      'eu-west-2',
    );
    expect(getInput(inputs('toolkit', { region: 'eu-west-3' }), REGION)).toBe('eu-west-3');
    expect(getInput(inputs('kebab', { regionName: 'not-on-github' }), REGION)).toBeUndefined();
    expect(getInput(inputs('kebab', { 'aws-region': '' }), REGION)).toBeUndefined();
  });
});

/** Every parsing rule below runs on both CIs, with the value under each CI's own name. */
describe.each<[string, string]>([
  ['kebab', 'flag-input'],
  ['toolkit', 'flagInput'],
])('parsing on %s', (ci, name) => {
  const spec = { name: 'flag-input', styles: { toolkit: 'flagInput' } };
  const with_ = (value: string) => inputs(ci, { [name]: value });

  it('required: the value, or a user error naming the input and the fix', () => {
    expect(getRequiredInput(with_('v'), spec)).toBe('v');
    const error = thrown(() => getRequiredInput(inputs(ci, {}), spec));
    expect(isCiKitError(error)).toBe(true);
    expect(error).toMatchObject({
      kind: 'input',
      code: 'InputMissing',
      message: `Input \`${name}\` is required.`,
    });
    expect((error as { hint: string }).hint).toContain(name);
    expect(thrown(() => getRequiredInput(inputs(ci, {}), spec, 'Pass it.'))).toMatchObject({
      hint: 'Pass it.',
    });
  });

  it.each(['true', 'True', 'TRUE', 'yes', 'Yes', 'YES', '1', 'on', 'On', 'ON'])(
    'boolean %s is true',
    (value) => {
      expect(getBooleanInput(with_(value), spec)).toBe(true);
    },
  );

  it.each(['false', 'False', 'FALSE', 'no', 'No', 'NO', '0', 'off', 'Off', 'OFF'])(
    'boolean %s is false',
    (value) => {
      expect(getBooleanInput(with_(value), spec, true)).toBe(false);
    },
  );

  it('boolean: the default when unset; anything else is an error, not false', () => {
    expect(getBooleanInput(inputs(ci, {}), spec)).toBe(false);
    expect(getBooleanInput(inputs(ci, {}), spec, true)).toBe(true);
    for (const value of ['maybe', 'tru', '2', 'y e s']) {
      expect(thrown(() => getBooleanInput(with_(value), spec))).toMatchObject({
        kind: 'input',
        code: 'InputInvalid',
        message: `Input \`${name}\` must be true or false, got "${value}".`,
      });
    }
  });

  it('list: one item per line or comma, trimmed, blanks dropped', () => {
    expect(getListInput(with_('a, b\n c \r\n\n,d,,'), spec)).toEqual(['a', 'b', 'c', 'd']);
    expect(getListInput(with_('a,b\nc d'), spec, { separators: 'lines' })).toEqual(['a,b', 'c d']);
    expect(getListInput(inputs(ci, {}), spec)).toEqual([]);
  });

  it('integer: whole numbers within bounds, the default when unset', () => {
    const bounds = { min: 900, max: 43_200, default: 3600 };
    expect(getIntegerInput(with_('900'), spec, bounds)).toBe(900);
    expect(getIntegerInput(with_('43200'), spec, bounds)).toBe(43_200);
    expect(getIntegerInput(with_('01200'), spec, bounds)).toBe(1200);
    expect(getIntegerInput(inputs(ci, {}), spec, bounds)).toBe(3600);
    expect(getIntegerInput(inputs(ci, {}), spec, { min: 1, max: 2 })).toBeUndefined();
    for (const value of ['899', '43201', '-1', '1.5', '1e3', '0x10', 'ten', '12 ']) {
      expect(thrown(() => getIntegerInput(with_(value), spec, bounds))).toMatchObject({
        kind: 'input',
        code: 'InputInvalid',
        message: `Input \`${name}\` must be a whole number from 900 to 43200, got "${value}".`,
      });
    }
  });
});

describe("setByUser: the runner passes every declared default, so only another value is the user's", () => {
  const MATCH = { name: 'global-match', styles: { toolkit: 'globalMatch' } } as const;
  const MODE = { name: 'encryption-type', styles: { toolkit: 'encryptionType' } } as const;

  it('an unset input, or one equal to its default (booleans and words case-insensitively), is not', () => {
    expect(setByUser(inputs('kebab', {}), MATCH, true)).toBe(false);
    for (const value of ['true', 'True', 'TRUE', 'yes', 'on', '1'])
      expect(setByUser(inputs('toolkit', { globalMatch: value }), MATCH, true)).toBe(false);
    expect(setByUser(inputs('toolkit', { encryptionType: 'aes256' }), MODE, 'AES256')).toBe(false);
    expect(setByUser(inputs('kebab', { 'encryption-type': '' }), MODE, 'AES256')).toBe(false);
  });

  it('a value other than the default is', () => {
    expect(setByUser(inputs('toolkit', { globalMatch: 'false' }), MATCH, true)).toBe(true);
    expect(setByUser(inputs('toolkit', { globalMatch: 'maybe' }), MATCH, true)).toBe(true);
    expect(setByUser(inputs('kebab', { 'encryption-type': 'KMS' }), MODE, 'AES256')).toBe(true);
    expect(setByUser(inputs('kebab', { 'encryption-type': 'x' }), MODE)).toBe(true);
  });
});

describe('defaults per naming style live in the spec', () => {
  const RECURSIVE = {
    name: 'recursive',
    default: 'true',
    styles: { toolkit: { name: 'recursiveRead', default: 'false' } },
  } as const;

  it("a style's own default, else the spec's; a plain name has none", () => {
    expect(inputDefault(rulesOf('kebab'), RECURSIVE)).toBe('true');
    expect(inputDefault(rulesOf('toolkit'), RECURSIVE)).toBe('false');
    expect(inputDefault(rulesOf('toolkit'), { name: 'x', default: 'd', styles: { toolkit: 'y' } })).toBe('d');
    expect(inputDefault(rulesOf('kebab'), 'plain')).toBeUndefined();
  });

  it('a boolean input takes the default of the style when unset, the value when set', () => {
    expect(getBooleanInput(inputs('kebab', {}), RECURSIVE)).toBe(true);
    expect(getBooleanInput(inputs('toolkit', {}), RECURSIVE)).toBe(false);
    expect(getBooleanInput(inputs('toolkit', { recursiveRead: 'true' }), RECURSIVE)).toBe(true);
    expect(inputName(rulesOf('toolkit'), RECURSIVE)).toBe('recursiveRead');
  });
});

describe('choices and invalid values', () => {
  const MODE = { name: 'push-mode', default: 'auto', styles: { toolkit: 'pushMode' } } as const;
  const MODES = ['auto', 'cli', 'daemonless'] as const;

  it('a listed choice in any case comes back as listed; unset is the default', () => {
    expect(getChoiceInput(inputs('kebab', { 'push-mode': 'CLI' }), MODE, MODES)).toBe('cli');
    expect(getChoiceInput(inputs('toolkit', {}), MODE, MODES)).toBe('auto');
    expect(getChoiceInput(inputs('kebab', {}), 'plain', MODES)).toBeUndefined();
  });

  it('another value is one user error line naming the input as this CI writes it', () => {
    const error = thrown(() => getChoiceInput(inputs('toolkit', { pushMode: 'fast\n' }), MODE, MODES));
    expect(error).toMatchObject({
      code: 'InputInvalid',
      message: 'Input `pushMode` must be one of auto, cli, daemonless, got "fast\\n".',
      hint: 'Set `pushMode` to one of auto, cli, daemonless.',
    });
    expect(invalidInput(rulesOf('kebab'), MODE, 'a tag', 'x y', 'Use a tag.')).toMatchObject({
      message: 'Input `push-mode` must be a tag, got "x y".',
      hint: 'Use a tag.',
    });
  });
});
