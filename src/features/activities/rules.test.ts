import { describe, expect, it } from 'vitest';
import { fromLocalInput, toLocalInput } from '../../platform/format.js';
import { DAY, HOUR, MINUTE, addDays, calendarDays, hourRow, isLate, localDay, movedReminder, nextRepeatAt, reminderFields, shouldRepeat, weekStart } from './rules.js';

const due = Date.UTC(2026, 11, 1, 12, 0);

describe('reminder times', () => {
  it.each([
    ['none', null, null, null],
    ['0', null, 0, due],
    ['15', null, 15, due - 15 * MINUTE],
    ['60', null, 60, due - HOUR],
    ['1440', null, 1440, due - DAY],
    ['custom', due - 3 * HOUR, null, due - 3 * HOUR],
  ] as const)('%s', (choice, custom, before, at) => {
    expect(reminderFields(choice, due, custom)).toEqual({ remindBefore: before, remindAt: at });
  });

  it('a "before" reminder follows a moved deadline; a custom one stays', () => {
    expect(movedReminder(15, due - 15 * MINUTE, due + DAY)).toBe(due + DAY - 15 * MINUTE);
    expect(movedReminder(null, due - HOUR, due + DAY)).toBe(due - HOUR);
    expect(movedReminder(null, null, due + DAY)).toBeNull();
  });

  it.each([
    [0, false],
    [MINUTE, false],
    [2 * MINUTE, false],
    [2 * MINUTE + 1, true],
    [DAY, true],
  ])('fired %i ms after its time: late %s', (delay, late) => {
    expect(isLate(due, due + delay)).toBe(late);
  });

  it('one set after its time had passed is due at once, late only if that run is missed too', () => {
    expect(isLate(due, due + HOUR + MINUTE, due + HOUR)).toBe(false);
    expect(isLate(due, due + HOUR + 3 * MINUTE, due + HOUR)).toBe(true);
    expect(isLate(due, due + 3 * MINUTE, due - DAY)).toBe(true);
  });
});

describe('repeats', () => {
  it.each([
    [2, 'day', due + 2 * DAY],
    [3, 'hour', due + 3 * HOUR],
  ] as const)('every %i %s', (every, unit, next) => {
    expect(nextRepeatAt(due, every, unit)).toBe(next);
  });

  it.each([
    [{ type: 'call', repeatEvery: 2 }, false, true],
    [{ type: 'call', repeatEvery: 2 }, true, false],
    [{ type: 'call', repeatEvery: null }, false, false],
    [{ type: 'task', repeatEvery: 2 }, false, false],
  ])('%o with success=%s repeats: %s', (a, success, expected) => {
    expect(shouldRepeat(a, success)).toBe(expected);
  });
});

describe('local times', () => {
  it.each([
    ['2026-12-01T15:00', 'Europe/Moscow', Date.UTC(2026, 11, 1, 12, 0)],
    ['2026-12-01T12:00', 'UTC', Date.UTC(2026, 11, 1, 12, 0)],
    ['2026-07-01T12:00', 'Europe/Berlin', Date.UTC(2026, 6, 1, 10, 0)],
    ['2026-01-01T12:00', 'Europe/Berlin', Date.UTC(2026, 0, 1, 11, 0)],
    // Either side of a change of offset, within one UTC day: summer time begins, and ends.
    ['2026-03-29T01:59', 'Europe/Berlin', Date.UTC(2026, 2, 29, 0, 59)],
    ['2026-03-29T03:00', 'Europe/Berlin', Date.UTC(2026, 2, 29, 1, 0)],
    ['2026-03-29T23:30', 'Europe/Berlin', Date.UTC(2026, 2, 29, 21, 30)],
    ['2026-11-01T01:30', 'America/New_York', Date.UTC(2026, 10, 1, 5, 30)],
    ['2026-11-01T23:00', 'America/New_York', Date.UTC(2026, 10, 2, 4, 0)],
    ['2026-11-01T12:00', 'America/St_Johns', Date.UTC(2026, 10, 1, 15, 30)],
    ['2026-03-08T01:59', 'America/St_Johns', Date.UTC(2026, 2, 8, 5, 29)],
    ['2026-03-08T03:00', 'America/St_Johns', Date.UTC(2026, 2, 8, 5, 30)],
  ])('%s in %s', (value, zone, ms) => {
    expect(fromLocalInput(value, zone)).toBe(ms);
    expect(toLocalInput(ms, zone)).toBe(value);
  });

  it.each(['', '2026-02-30T10:00', '2026-12-01', '01.12.2026 25:00', 'tomorrow'])('%j is not a time', (value) => {
    expect(fromLocalInput(value, 'UTC')).toBeNull();
  });

  it('days and weeks', () => {
    expect(localDay(Date.UTC(2026, 11, 1, 22, 0), 'Europe/Moscow')).toBe('2026-12-02');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(weekStart('2026-12-03')).toBe('2026-11-30');
    expect(weekStart('2026-11-30')).toBe('2026-11-30');
  });
});

describe('calendar views', () => {
  it('a week runs Monday to Sunday', () => {
    const week = calendarDays('week', '2026-12-03');
    expect(week.days.map((d) => d.day)).toEqual(['2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04', '2026-12-05', '2026-12-06']);
    expect([week.prev, week.next]).toEqual(['2026-11-23', '2026-12-07']);
  });

  it('a month is whole weeks covering it', () => {
    const month = calendarDays('month', '2026-12-15');
    expect(month.days[0]).toEqual({ day: '2026-11-30', inMonth: false });
    expect(month.days.at(-1)).toEqual({ day: '2027-01-03', inMonth: false });
    expect(month.days).toHaveLength(35);
    expect(month.days.filter((d) => d.inMonth)).toHaveLength(31);
    expect([month.prev, month.next]).toEqual(['2026-11-01', '2027-01-01']);
    expect(calendarDays('month', '2027-02-10').days).toHaveLength(28);
  });

  it.each([
    ['06:30', 8],
    ['08:00', 8],
    ['13:45', 13],
    ['23:10', 20],
  ])('%s is in the row of hour %i', (time, row) => {
    expect(hourRow(time)).toBe(row);
  });
});
