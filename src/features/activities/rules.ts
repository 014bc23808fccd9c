import { toLocalInput } from '../../platform/format.js';

/** Pure rules of activities: when a reminder fires, when the next call of a repeat series is due, calendar days. */
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** Reminder choices of the form: minutes before the deadline, or a custom time. */
export const reminderChoices = ['none', '0', '15', '60', '1440', 'custom'] as const;
export type ReminderChoice = (typeof reminderChoices)[number];

/** The reminder's stored shape: minutes before (moves with the deadline) or a fixed custom time. */
export function reminderFields(choice: ReminderChoice, dueAt: number, customAt: number | null): { remindBefore: number | null; remindAt: number | null } {
  if (choice === 'none') return { remindBefore: null, remindAt: null };
  if (choice === 'custom') return { remindBefore: null, remindAt: customAt };
  const before = Number(choice);
  return { remindBefore: before, remindAt: dueAt - before * MINUTE };
}

/** The form's choice for a stored reminder (a "minutes before" that is not offered shows as custom). */
export function reminderChoice(a: { remindBefore: number | null; remindAt: number | null }): ReminderChoice {
  if (a.remindAt === null) return 'none';
  const before = String(a.remindBefore);
  return (reminderChoices as readonly string[]).includes(before) ? (before as ReminderChoice) : 'custom';
}

/** The reminder time after the deadline moved: a "minutes before" reminder follows it, a custom one stays. */
export function movedReminder(remindBefore: number | null, remindAt: number | null, newDueAt: number): number | null {
  return remindBefore === null ? remindAt : newDueAt - remindBefore * MINUTE;
}

/** The reminder job runs every minute; one that fires more than this after its time fired late (a missed run, a restart). */
export const LATE_AFTER = 2 * MINUTE;

/**
 * Whether a reminder fired late: more than LATE_AFTER after its time or, when it was set (the activity
 * added or moved) after its time had already passed, after it was set — that one is due at once.
 */
export function isLate(remindAt: number, firedAt: number, armedAt = remindAt): boolean {
  return firedAt - Math.max(remindAt, armedAt) > LATE_AFTER;
}

export type RepeatUnit = 'hour' | 'day';

/** The next call of a series: N hours or days after the unsuccessful one was completed. */
export function nextRepeatAt(doneAt: number, every: number, unit: RepeatUnit): number {
  return doneAt + every * (unit === 'hour' ? HOUR : DAY);
}

/** A failed call with a repeat makes the next planned call; a successful one (or no repeat) ends the series. */
export function shouldRepeat(a: { type: string; repeatEvery: number | null }, success: boolean): boolean {
  return a.type === 'call' && a.repeatEvery !== null && !success;
}

/** The YYYY-MM-DD day of a moment in a time zone. */
export function localDay(ms: number, timeZone: string): string {
  return toLocalInput(ms, timeZone).slice(0, 10);
}

/** A YYYY-MM-DD day plus n days. */
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
}

/** Monday of the week a day is in. */
export function weekStart(day: string): string {
  const weekday = (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7;
  return addDays(day, -weekday);
}

/** Items a day of the month view shows; the rest are a link to that day's week, where each has its hour. */
export const MONTH_DAY_ITEMS = 4;

/** Hours a week view shows as rows; items outside them are shown in the first or last row. */
export const DAY_HOURS = { first: 8, last: 20 } as const;

/**
 * The days a calendar view shows: a week from Monday, or a month as whole weeks (Monday to Sunday)
 * covering it; with the dates of the previous and next view.
 */
export function calendarDays(view: 'week' | 'month', date: string): { days: { day: string; inMonth: boolean }[]; prev: string; next: string } {
  if (view === 'week') {
    const start = weekStart(date);
    return { days: Array.from({ length: 7 }, (_, i) => ({ day: addDays(start, i), inMonth: true })), prev: addDays(start, -7), next: addDays(start, 7) };
  }
  const month = date.slice(0, 7);
  const first = `${month}-01`;
  const start = weekStart(first);
  const days: { day: string; inMonth: boolean }[] = [];
  for (let d = start; d.slice(0, 7) <= month || days.length % 7 !== 0; d = addDays(d, 1)) days.push({ day: d, inMonth: d.slice(0, 7) === month });
  const nextMonth = addDays(`${month}-28`, 7).slice(0, 7);
  const prevMonth = addDays(first, -1).slice(0, 7);
  return { days, prev: `${prevMonth}-01`, next: `${nextMonth}-01` };
}

/** The week view's row for a local "HH:MM": its hour, within the shown hours. */
export function hourRow(time: string): number {
  return Math.min(DAY_HOURS.last, Math.max(DAY_HOURS.first, Number(time.slice(0, 2))));
}
