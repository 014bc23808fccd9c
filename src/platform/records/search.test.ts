import { describe, expect, it } from 'vitest';
import { matchExpression } from './search.js';

describe('the search expression', () => {
  it('keeps words of three characters or more, a phone fragment by its digits', () => {
    expect(matchExpression('Иван ов Петров')).toBe('"Иван" AND "Петров"');
    expect(matchExpression('+7 (495) 12')).toBe('"495"');
    expect(matchExpression('ab "cd"')).toBe('"""cd"""');
  });

  it('counts characters as the index does: two emoji are too short', () => {
    expect(matchExpression('🎁🎁')).toBeNull();
    expect(matchExpression('🎁🎁🎁')).toBe('"🎁🎁🎁"');
  });
});
