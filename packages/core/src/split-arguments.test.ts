import { describe, expect, it } from 'vitest';
import { splitArguments } from './split-arguments.ts';

describe('splitArguments', () => {
  it('is empty for nothing, an empty or a blank line', () => {
    expect(splitArguments(undefined)).toEqual([]);
    expect(splitArguments('')).toEqual([]);
    expect(splitArguments('  \t ')).toEqual([]);
  });

  it('splits on spaces; quotes keep spaces in one argument and are removed', () => {
    expect(splitArguments('s3 ls  s3://bucket --recursive')).toEqual([
      's3',
      'ls',
      's3://bucket',
      '--recursive',
    ]);
    expect(splitArguments(`--query "Items[0].Name" --tag 'a b'`)).toEqual([
      '--query',
      'Items[0].Name',
      '--tag',
      'a b',
    ]);
  });

  it('expands nothing: variables, globs and substitutions stay as written', () => {
    expect(splitArguments('echo $HOME * $(id) `id`')).toEqual(['echo', '$HOME', '*', '$(id)', '`id`']);
  });
});
