import type { Locale } from './i18n/index.js';

/**
 * Dates typed by people. Every date and date-time input shows its value as the user's language writes
 * it (ДД.ММ.ГГГГ ЧЧ:ММ in Russian, DD/MM/YYYY HH:MM in English) and every parser of such an input reads
 * through here, which also takes the ISO forms that links, the API and browsers without scripts send.
 */

const ISO_DAY = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
const LOCAL_DAY = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$/;
const TIME = /^(\d{1,2})[:.](\d{2})$/;

function day(year: number, month: number, date: number): string | null {
  const ms = Date.UTC(year, month - 1, date);
  const d = new Date(ms);
  if (year < 1000 || d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== date) return null;
  return d.toISOString().slice(0, 10);
}

/** "31.12.2026", "31/12/2026" or "2026-12-31" → "2026-12-31"; null when it is no real day. */
export function parseDay(input: string): string | null {
  const s = input.trim();
  const iso = ISO_DAY.exec(s);
  if (iso) return day(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const local = LOCAL_DAY.exec(s);
  return local ? day(Number(local[3]), Number(local[2]), Number(local[1])) : null;
}

/**
 * A day and a time of day, as typed or as a datetime-local input sends it ("2026-12-31T14:30"), →
 * "2026-12-31T14:30" on the same wall clock; null when either part is not real.
 */
export function parseDateTime(input: string): string | null {
  const s = input.trim().replace(/,/g, ' ');
  const split = s.includes('T') ? s.split('T') : s.split(/\s+/);
  if (split.length !== 2) return null;
  const d = parseDay(split[0]!);
  const time = TIME.exec(split[1]!);
  if (!d || !time) return null;
  const hours = Number(time[1]);
  const minutes = Number(time[2]);
  if (hours > 23 || minutes > 59) return null;
  return `${d}T${String(hours).padStart(2, '0')}:${time[2]}`;
}

/** "2026-12-31" → "31.12.2026" (ru) or "31/12/2026" (en). */
export function dayText(isoDay: string, locale: Locale): string {
  const [y, m, d] = isoDay.split('-');
  return locale === 'ru' ? `${d}.${m}.${y}` : `${d}/${m}/${y}`;
}

/** "2026-12-31T14:30" → "31.12.2026 14:30" (ru) or "31/12/2026 14:30" (en). */
export function dateTimeText(local: string, locale: Locale): string {
  return `${dayText(local.slice(0, 10), locale)} ${local.slice(11, 16)}`;
}

/**
 * What a date input shows for a value: an ISO day or date-time in the user's writing; anything else
 * (what the user typed, sent back with its error) as it is.
 */
export function inputText(value: unknown, kind: 'date' | 'datetime', locale: Locale): string {
  if (value === null || value === undefined) return '';
  const s = String(value);
  if (kind === 'date' && /^\d{4}-\d{2}-\d{2}$/.test(s)) return dayText(s, locale);
  if (kind === 'datetime' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(s)) return dateTimeText(s, locale);
  return s;
}
