import { describe, expect, it } from 'vitest';
import { mentionsIn } from './mentions.js';

const people = [
  { id: 1, fullName: 'Anna Petrova', email: 'anna@example.com' },
  { id: 2, fullName: 'Борис Иванов', email: 'boris@example.com' },
  { id: 3, fullName: 'Anna', email: 'a@example.com' },
];

describe('mentionsIn', () => {
  it.each([
    ['no mention', 'Call the client tomorrow', []],
    ['by full name, the longest name wins', 'Please check, @Anna Petrova.', [1]],
    ['by name in Cyrillic, any case', '@борис иванов, посмотри', [2]],
    ['by e-mail', 'cc @boris@example.com', [2]],
    ['a longer word is not the name', '@Annabel, hi', []],
    ['the short name alone', 'hi @Anna!', [3]],
    ['twice is once', '@Anna @anna', [3]],
    ['without the at sign', 'Anna Petrova will call', []],
  ])('%s', (_name, text, ids) => {
    expect(mentionsIn(text, people)).toEqual(ids);
  });
});
