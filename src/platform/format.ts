import type { Locale } from './i18n/index.js';
import { inputText, parseDateTime } from './dates.js';

/**
 * Dates, numbers and money in the user's locale and time zone. Times are integer milliseconds UTC;
 * money is integer minor units plus an ISO 4217 code.
 */
export interface Formatter {
  date(ms: number): string;
  dateTime(ms: number): string;
  number(n: number): string;
  money(minor: number, currency: string): string;
  /** An amount without its currency, as the columns of an invoice print it ("100 000,00"). */
  amount(minor: number, currency: string): string;
  /** A YYYY-MM-DD day as the locale writes it. */
  day(isoDay: string): string;
  /** "YYYY-MM-DDTHH:MM" on the time zone's wall clock: the value of a datetime-local input. */
  localInput(ms: number): string;
  /** What a date (YYYY-MM-DD) or date-time ("YYYY-MM-DDTHH:MM") input shows: the value in the locale's writing. */
  dateInput(value: unknown, kind: 'date' | 'datetime'): string;
  /** A YYYY-MM-DD day's weekday and date, short: "пн, 30 нояб.", "Mon 30 Nov". */
  weekDay(isoDay: string): string;
  /** The short weekday of a YYYY-MM-DD day: "пн", "Mon". */
  weekdayName(isoDay: string): string;
  /** Two YYYY-MM-DD days as one range: "30 нояб. – 6 дек. 2026 г.". */
  dayRange(fromDay: string, toDay: string): string;
  /** The month of a YYYY-MM-DD day: "декабрь 2026 г.", "December 2026". */
  month(isoDay: string): string;
}

const intlLocale: Record<Locale, string> = { ru: 'ru-RU', en: 'en-GB' };

const digitsByCurrency = new Map<string, number>();

/** How many minor units a currency has: 2 for RUB, 0 for JPY, 3 for KWD. */
export function minorDigits(currency: string): number {
  let digits = digitsByCurrency.get(currency);
  if (digits === undefined) {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    digitsByCurrency.set(currency, digits);
  }
  return digits;
}

/**
 * Building Intl formatters is slow next to using them, so one formatter per locale and time zone is
 * kept, and one currency format per currency inside it.
 */
const formatters = new Map<string, Formatter>();

export function formatter(locale: Locale, timeZone: string): Formatter {
  const key = `${locale}|${timeZone}`;
  let made = formatters.get(key);
  if (!made) {
    made = makeFormatter(locale, timeZone);
    formatters.set(key, made);
  }
  return made;
}

function makeFormatter(locale: Locale, timeZone: string): Formatter {
  const tag = intlLocale[locale];
  const currencyFormats = new Map<string, Intl.NumberFormat>();
  const date = new Intl.DateTimeFormat(tag, { timeZone, dateStyle: 'medium' });
  const dateTime = new Intl.DateTimeFormat(tag, { timeZone, dateStyle: 'medium', timeStyle: 'short' });
  const day = new Intl.DateTimeFormat(tag, { timeZone: 'UTC', dateStyle: 'medium' });
  const number = new Intl.NumberFormat(tag);
  const weekDay = new Intl.DateTimeFormat(tag, { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short' });
  const weekdayName = new Intl.DateTimeFormat(tag, { timeZone: 'UTC', weekday: 'short' });
  const range = new Intl.DateTimeFormat(tag, { timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric' });
  const month = new Intl.DateTimeFormat(tag, { timeZone: 'UTC', month: 'long', year: 'numeric' });
  const utcDay = (isoDay: string) => Date.parse(`${isoDay}T00:00:00Z`);
  const amounts = new Map<number, Intl.NumberFormat>();
  return {
    weekDay: (isoDay) => weekDay.format(utcDay(isoDay)),
    weekdayName: (isoDay) => weekdayName.format(utcDay(isoDay)),
    dayRange: (fromDay, toDay) => range.formatRange(utcDay(fromDay), utcDay(toDay)),
    month: (isoDay) => month.format(utcDay(isoDay)),
    date: (ms) => date.format(ms),
    dateTime: (ms) => dateTime.format(ms),
    number: (n) => number.format(n),
    day: (isoDay) => day.format(Date.parse(`${isoDay}T00:00:00Z`)),
    localInput: (ms) => toLocalInput(ms, timeZone),
    dateInput: (value, kind) => inputText(value, kind, locale),
    amount(minor, currency) {
      const digits = minorDigits(currency);
      let format = amounts.get(digits);
      if (!format) {
        format = new Intl.NumberFormat(tag, { minimumFractionDigits: digits, maximumFractionDigits: digits });
        amounts.set(digits, format);
      }
      const sign = minor < 0 ? '-' : '';
      const abs = Math.abs(minor);
      const scale = 10 ** digits;
      // As for money(): the exact decimal as a string, which Intl lays out without a float.
      return format.format(`${sign}${Math.trunc(abs / scale)}${digits ? `.${String(abs % scale).padStart(digits, '0')}` : ''}` as unknown as number);
    },
    money(minor, currency) {
      const digits = minorDigits(currency);
      // Exact: split into whole and fractional parts as integers, let Intl only lay them out.
      const sign = minor < 0 ? '-' : '';
      const abs = Math.abs(minor);
      const scale = 10 ** digits;
      const decimal = `${sign}${Math.trunc(abs / scale)}${digits ? `.${String(abs % scale).padStart(digits, '0')}` : ''}`;
      let format = currencyFormats.get(currency);
      if (!format) {
        format = new Intl.NumberFormat(tag, { style: 'currency', currency });
        currencyFormats.set(currency, format);
      }
      return format.format(decimal as unknown as number);
    },
  };
}

/** Midnight at the start of a YYYY-MM-DD day in a time zone, as UTC milliseconds. */
export function dayStart(isoDay: string, timeZone: string): number {
  const utcMidnight = Date.parse(`${isoDay}T00:00:00Z`);
  return utcMidnight - zoneOffset(utcMidnight, timeZone);
}

export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

export function serverTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

export function timeZones(): string[] {
  return Intl.supportedValuesOf('timeZone');
}

export function currencies(): string[] {
  return Intl.supportedValuesOf('currency');
}

/** Currencies offered first in pickers: those of the markets Prosto is made for. */
export const popularCurrencies = ['RUB', 'USD', 'EUR', 'UAH', 'KZT', 'BYN', 'PLN', 'BRL', 'IDR'];

export function currencyName(code: string, locale: Locale): string {
  return new Intl.DisplayNames([intlLocale[locale]], { type: 'currency' }).of(code) ?? code;
}

const wallClocks = new Map<string, Intl.DateTimeFormat>();

/**
 * How far a time zone's wall clock is from UTC at a moment, in ms. Making the formatter costs far more
 * than using it (a calendar of a few hundred items spent 75 ms making them), so each zone's is kept.
 */
function exactOffset(ms: number, timeZone: string): number {
  let clock = wallClocks.get(timeZone);
  if (!clock) {
    clock = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    wallClocks.set(timeZone, clock);
  }
  const parts: Partial<Record<Intl.DateTimeFormatPartTypes, number>> = {};
  for (const p of clock.formatToParts(ms)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const wall = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  return wall - Math.floor(ms / 1000) * 1000;
}

const UTC_DAY = 86_400_000;
const KEPT_DAYS = 20_000;
/** Per zone and UTC day: the offset when it is the same at the day's first and last second, else null. */
const dayOffsets = new Map<string, Map<number, number | null>>();

/**
 * The offset at a moment, asking the formatter twice per zone and UTC day rather than once per moment
 * (a month of 2 500 calendar items spent 28 ms asking it). A zone changes its offset at most once in a
 * day, so an offset the same at both ends of a day holds all day; on the day of a change each moment is
 * asked for.
 */
export function zoneOffset(ms: number, timeZone: string): number {
  let days = dayOffsets.get(timeZone);
  if (!days || days.size > KEPT_DAYS) {
    days = new Map();
    dayOffsets.set(timeZone, days);
  }
  const day = Math.floor(ms / UTC_DAY);
  let offset = days.get(day);
  if (offset === undefined) {
    const first = exactOffset(day * UTC_DAY, timeZone);
    offset = first === exactOffset((day + 1) * UTC_DAY - 1000, timeZone) ? first : null;
    days.set(day, offset);
  }
  return offset ?? exactOffset(ms, timeZone);
}

/**
 * A day and time on the wall clock of a time zone ("2026-12-01T14:30", or as the user's language writes
 * it: "01.12.2026 14:30", "01/12/2026 14:30") → UTC ms; null when it is not such a value.
 */
export function fromLocalInput(value: string, timeZone: string): number | null {
  const local = parseDateTime(value);
  if (!local) return null;
  const asUtc = Date.parse(`${local}:00Z`);
  // The offset at the guess, then again at the corrected time (right across a DST change).
  const first = asUtc - zoneOffset(asUtc, timeZone);
  return asUtc - zoneOffset(first, timeZone);
}

/** UTC ms → "YYYY-MM-DDTHH:MM" on the time zone's wall clock, for a datetime-local input. */
export function toLocalInput(ms: number, timeZone: string): string {
  return new Date(ms + zoneOffset(ms, timeZone)).toISOString().slice(0, 16);
}
