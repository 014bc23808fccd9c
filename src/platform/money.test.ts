import { describe, expect, it } from 'vitest';
import { moneyInput, parseMoney } from './money.js';

describe('parseMoney', () => {
  it.each([
    ['1234', 'RUB', 123400],
    ['1 234 567,89', 'RUB', 123456789],
    ['1,234.50', 'USD', 123450],
    ['1.234,50', 'EUR', 123450],
    ['0,1', 'RUB', 10],
    ['12,345', 'USD', 1234500],
    ['12.345', 'KWD', 12345],
    ['100000', 'JPY', 100000],
    ['-15,5', 'RUB', -1550],
    ['90071992547409.91', 'USD', 9007199254740991],
  ] as const)('%s %s → %d', (input, currency, expected) => {
    expect(parseMoney(input, currency)).toBe(expected);
  });

  it.each([['abc'], ['1,2,3,4.5.6'], ['12.345.67'], ['1.2345'], ['1,'], ['90071992547409.92']])('refuses %s', (input) => {
    expect(parseMoney(input, 'RUB')).toBeNull();
  });

  it('is empty for an empty field', () => {
    expect(parseMoney('  ', 'RUB')).toBeNull();
  });

  it('round-trips through the form value exactly', () => {
    for (const [minor, currency] of [[123456789, 'RUB'], [5, 'USD'], [-1550, 'EUR'], [100000, 'JPY'], [12345, 'KWD']] as const) {
      expect(parseMoney(moneyInput(minor, currency), currency)).toBe(minor);
    }
  });
});
