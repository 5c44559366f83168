import { describe, expect, it } from 'vitest';
import { markdownTable } from './markdown-table.ts';

describe('markdownTable', () => {
  it('escapes every cell: pipes, line breaks and HTML cannot break the table', () => {
    const table = markdownTable(
      ['Name', 'Size'],
      [
        ['a|b\nc', '<img src=x>'],
        [{ code: 'repo`x|y' }, '1'],
      ],
      ['left', 'right'],
    );
    expect(table.split('\n')).toEqual([
      '| Name | Size |',
      '| --- | ---: |',
      '| a\\|b c | &lt;img src=x&gt; |',
      "| `repo'x\\|y` | 1 |",
    ]);
  });
});

describe('markdownTable renders cells as text', () => {
  it.each([
    ['![p](https://evil.example/x.png)'],
    ['[click](https://evil.example)'],
    ['<img src=x onerror=alert(1)>'],
    ['https://evil.example/autolink'],
    ['**bold** _em_ ~~del~~ `code`'],
    ['a\u001b[31mred'],
  ])('%j', (payload) => {
    const row = markdownTable(['a'], [[payload]]).split('\n')[2] ?? '';
    expect(row).not.toMatch(/!\[|(?<!\\)\[|<img|(?<!\\)\]\(|https:\/\//);
    expect(row).not.toContain('\u001b');
  });
});
