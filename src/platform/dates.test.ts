import { describe, expect, it } from 'vitest';
import { inputText, parseDateTime, parseDay } from './dates.js';
import { formatter, fromLocalInput } from './format.js';

describe('parseDay', () => {
  it.each([
    ['31.12.2026', '2026-12-31'],
    ['1.2.2027', '2027-02-01'],
    ['31/12/2026', '2026-12-31'],
    ['2026-12-31', '2026-12-31'],
    [' 29.02.2028 ', '2028-02-29'],
    ['29.02.2027', null],
    ['31.13.2026', null],
    ['2026-02-30', null],
    ['12/31/2026', null],
    ['вчера', null],
    ['31.12.26', null],
    ['', null],
  ])('%j → %j', (typed, day) => {
    expect(parseDay(typed)).toBe(day);
  });
});

describe('parseDateTime', () => {
  it.each([
    ['04.12.2026 14:30', '2026-12-04T14:30'],
    ['04/12/2026 9:05', '2026-12-04T09:05'],
    ['04/12/2026, 14:30', '2026-12-04T14:30'],
    ['2026-12-04T14:30', '2026-12-04T14:30'],
    ['2026-12-04 14:30', '2026-12-04T14:30'],
    ['04.12.2026 14.30', '2026-12-04T14:30'],
    ['04.12.2026', null],
    ['04.12.2026 24:00', null],
    ['04.12.2026 10:60', null],
    ['30.02.2026 10:00', null],
    ['soon', null],
  ])('%j → %j', (typed, local) => {
    expect(parseDateTime(typed)).toBe(local);
  });

  it('reads a typed time on the user wall clock', () => {
    expect(new Date(fromLocalInput('04.12.2026 14:30', 'Europe/Moscow')!).toISOString()).toBe('2026-12-04T11:30:00.000Z');
    expect(fromLocalInput('04/12/2026 14:30', 'UTC')).toBe(fromLocalInput('2026-12-04T14:30', 'UTC'));
  });
});

describe('what a date input shows', () => {
  it('writes ISO values in the user language and leaves typed text as it is', () => {
    expect(inputText('2026-12-31', 'date', 'ru')).toBe('31.12.2026');
    expect(inputText('2026-12-31', 'date', 'en')).toBe('31/12/2026');
    expect(inputText('2026-12-04T09:05', 'datetime', 'ru')).toBe('04.12.2026 09:05');
    expect(inputText('2026-12-04T09:05', 'datetime', 'en')).toBe('04/12/2026 09:05');
    expect(inputText('31.13.2026', 'date', 'ru')).toBe('31.13.2026');
    expect(inputText(null, 'date', 'ru')).toBe('');
    expect(formatter('ru', 'UTC').dateInput('2027-01-15', 'date')).toBe('15.01.2027');
  });
});
