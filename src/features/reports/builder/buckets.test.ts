import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../../../db/connection.js';
import { bucketOf, localDay } from './buckets.js';
import { periodDays } from './run.js';
import type { Bucket } from './definition.js';

const { db } = openDatabase(':memory:');
const dayOf = (ms: number, zone: string) => db.get<{ d: string }>(sql`SELECT ${localDay(sql`${ms}`, zone)} AS d`)!.d;
const bucket = (day: string, b: Bucket) => db.get<{ v: string }>(sql`SELECT ${bucketOf(sql`${day}`, b)} AS v`)!.v;

describe('local days of moments, in SQL', () => {
  it.each([
    // Moscow is UTC+3 all year.
    ['2026-10-31T21:30:00Z', 'Europe/Moscow', '2026-11-01'],
    ['2026-10-31T20:59:59Z', 'Europe/Moscow', '2026-10-31'],
    // Berlin: UTC+2 in summer, UTC+1 from 25 October 2026 (01:00 UTC).
    ['2026-10-24T22:30:00Z', 'Europe/Berlin', '2026-10-25'],
    ['2026-10-25T22:30:00Z', 'Europe/Berlin', '2026-10-25'],
    ['2026-10-25T23:30:00Z', 'Europe/Berlin', '2026-10-26'],
    ['2026-03-28T23:30:00Z', 'Europe/Berlin', '2026-03-29'],
    ['2026-03-29T22:30:00Z', 'Europe/Berlin', '2026-03-30'],
    ['2026-06-30T23:59:00Z', 'UTC', '2026-06-30'],
    ['2026-01-01T04:59:00Z', 'America/New_York', '2025-12-31'],
    ['2026-07-01T03:59:00Z', 'America/New_York', '2026-06-30'],
  ])('%s in %s is %s', (at, zone, day) => {
    expect(dayOf(Date.parse(at), zone)).toBe(day);
  });
});

describe('buckets of a day', () => {
  it.each([
    ['2026-12-04', 'day', '2026-12-04'],
    ['2026-12-04', 'week', '2026-11-30'],
    ['2026-11-30', 'week', '2026-11-30'],
    ['2026-12-06', 'week', '2026-11-30'],
    ['2026-12-04', 'month', '2026-12'],
    ['2026-12-04', 'quarter', '2026-Q4'],
    ['2026-01-01', 'quarter', '2026-Q1'],
    ['2026-06-30', 'quarter', '2026-Q2'],
    ['2026-12-04', 'year', '2026'],
  ] as const)('%s by %s is %s', (day, b, value) => {
    expect(bucket(day, b)).toBe(value);
  });
});

describe('periods from today', () => {
  it.each([
    ['month', '2026-02-10', { from: '2026-02-01', to: '2026-02-28' }],
    ['lastMonth', '2026-01-10', { from: '2025-12-01', to: '2025-12-31' }],
    ['quarter', '2026-08-31', { from: '2026-07-01', to: '2026-09-30' }],
    ['year', '2026-08-31', { from: '2026-01-01', to: '2026-12-31' }],
    ['all', '2026-08-31', null],
  ] as const)('%s on %s', (range, today, days) => {
    expect(periodDays({ field: 'createdAt', range, from: null, to: null }, today)).toEqual(days);
  });
});
