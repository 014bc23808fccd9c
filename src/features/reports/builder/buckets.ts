import { sql, type SQL } from 'drizzle-orm';
import { zoneOffset } from '../../../platform/format.js';
import type { Bucket } from './definition.js';

/**
 * Dates grouped in the reader's calendar. A datetime (UTC ms) becomes the day on the wall clock of
 * the time zone through the zone's offsets as a CASE over the moments it changes (found once per zone
 * from 1990 to 2070), so a deal made at 01:00 in Moscow on the 1st is in that month, and a zone with
 * summer time is right on both sides of a change. A date (YYYY-MM-DD) is its own day.
 */
const WEEK = 7 * 86_400_000;
const FROM = Date.UTC(1990, 0, 1);
const TO = Date.UTC(2070, 0, 1);

/** [moment, offset from it on], the first from the start of time. */
const changes = new Map<string, [number, number][]>();

function offsetsOf(timeZone: string): [number, number][] {
  let list = changes.get(timeZone);
  if (list) return list;
  list = [[-Infinity, zoneOffset(FROM, timeZone)]];
  for (let at = FROM; at < TO; at += WEEK) {
    const next = Math.min(at + WEEK, TO);
    if (zoneOffset(next, timeZone) === list[list.length - 1]![1]) continue;
    // A change within this week: the first moment (to the minute) of the new offset.
    let lo = at;
    let hi = next;
    while (hi - lo > 60_000) {
      const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000;
      if (zoneOffset(mid, timeZone) === list[list.length - 1]![1]) lo = mid;
      else hi = mid;
    }
    list.push([hi, zoneOffset(hi, timeZone)]);
  }
  changes.set(timeZone, list);
  return list;
}

/** The local day (YYYY-MM-DD) of a UTC ms expression in a time zone. */
export function localDay(ms: SQL, timeZone: string): SQL {
  const list = offsetsOf(timeZone);
  const offset =
    list.length === 1
      ? sql`${list[0]![1]}`
      : sql`(CASE ${sql.join(
          list
            .slice(1)
            .reverse()
            .map(([at, off]) => sql`WHEN ${ms} >= ${at} THEN ${off}`),
          sql` `,
        )} ELSE ${list[0]![1]} END)`;
  return sql`date((${ms} + ${offset}) / 1000, 'unixepoch')`;
}

/** A day expression bucketed: the day, the Monday of its week, YYYY-MM, YYYY-Qn or YYYY. */
export function bucketOf(day: SQL, bucket: Bucket): SQL {
  switch (bucket) {
    case 'day':
      return day;
    case 'week':
      return sql`date(${day}, printf('-%d days', (CAST(strftime('%w', ${day}) AS INTEGER) + 6) % 7))`;
    case 'month':
      return sql`substr(${day}, 1, 7)`;
    case 'quarter':
      return sql`(substr(${day}, 1, 4) || '-Q' || ((CAST(substr(${day}, 6, 2) AS INTEGER) + 2) / 3))`;
    case 'year':
      return sql`substr(${day}, 1, 4)`;
  }
}
