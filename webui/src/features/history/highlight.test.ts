import { describe, expect, it } from 'vitest';
import { highlightSegments } from './highlight';

describe('highlightSegments', () => {
  it('marks every case-insensitive occurrence', () => {
    expect(highlightSegments('The Blue whale and a blue sky', 'blue')).toEqual([
      { text: 'The ', match: false },
      { text: 'Blue', match: true },
      { text: ' whale and a ', match: false },
      { text: 'blue', match: true },
      { text: ' sky', match: false },
    ]);
  });

  it('matches a phrase across any whitespace', () => {
    expect(highlightSegments('a blue\n  whale', 'Blue Whale')).toEqual([
      { text: 'a ', match: false },
      { text: 'blue\n  whale', match: true },
    ]);
  });

  it('treats the phrase literally, not as a pattern', () => {
    expect(highlightSegments('cost: $1.50 (a.b)', '(a.b)')).toEqual([
      { text: 'cost: $1.50 ', match: false },
      { text: '(a.b)', match: true },
    ]);
    expect(highlightSegments('axb', 'a.b')).toEqual([{ text: 'axb', match: false }]);
  });

  it('marks nothing for a short phrase or no match, and nothing at all for no text', () => {
    expect(highlightSegments('abc', 'a')).toEqual([{ text: 'abc', match: false }]);
    expect(highlightSegments('abc', 'zz')).toEqual([{ text: 'abc', match: false }]);
    expect(highlightSegments('', 'zz')).toEqual([]);
  });

  it('marks a match at the very start and end', () => {
    expect(highlightSegments('xx mid xx', 'xx')).toEqual([
      { text: 'xx', match: true },
      { text: ' mid ', match: false },
      { text: 'xx', match: true },
    ]);
  });
});
