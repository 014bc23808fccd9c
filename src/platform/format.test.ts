import { describe, expect, it } from 'vitest';
import { dayStart, formatter, minorDigits } from './format.js';

const nbsp = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('formatter', () => {
  it.each([
    ['ru', 123456789, 'RUB', '1 234 567,89 ₽'],
    ['en', 123456789, 'USD', 'US$1,234,567.89'],
    ['en', -5, 'EUR', '-€0.05'],
    ['ru', 150000, 'JPY', '150 000 ¥'],
    ['en', 1234, 'KWD', 'KWD 1.234'],
  ] as const)('%s money(%d %s) = %s', (locale, minor, currency, expected) => {
    expect(nbsp(formatter(locale, 'UTC').money(minor, currency))).toBe(expected);
  });

  it('keeps exact cents beyond double precision', () => {
    expect(nbsp(formatter('en', 'UTC').money(900719925474099, 'USD'))).toBe('US$9,007,199,254,740.99');
  });

  it('shows times in the given time zone', () => {
    const ms = Date.UTC(2026, 0, 15, 21, 30);
    expect(formatter('ru', 'Europe/Moscow').dateTime(ms)).toContain('16 янв. 2026');
    expect(formatter('en', 'UTC').dateTime(ms)).toContain('21:30');
  });

  it('knows the minor units of a currency', () => {
    expect(minorDigits('RUB')).toBe(2);
    expect(minorDigits('JPY')).toBe(0);
    expect(minorDigits('KWD')).toBe(3);
  });
});

describe('dayStart', () => {
  it.each([
    ['2026-11-22', 'UTC', '2026-11-22T00:00:00.000Z'],
    ['2026-11-22', 'Europe/Moscow', '2026-11-21T21:00:00.000Z'],
    ['2026-11-22', 'America/New_York', '2026-11-22T05:00:00.000Z'],
    ['2026-07-01', 'America/New_York', '2026-07-01T04:00:00.000Z'],
  ])('%s in %s starts at %s', (day, zone, expected) => {
    expect(new Date(dayStart(day, zone)).toISOString()).toBe(expected);
  });
});
