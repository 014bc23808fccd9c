/**
 * The periods a dashboard widget may show, and the days each covers. Days are YYYY-MM-DD in the user's
 * calendar, both ends included, as the report filter takes them (features/reports/form.ts).
 */
export const periods = ['month', 'quarter', 'year', 'days30'] as const;
export type Period = (typeof periods)[number];

export const isPeriod = (v: unknown): v is Period => typeof v === 'string' && (periods as readonly string[]).includes(v);

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const plusDays = (day: string, n: number) => iso(Date.parse(`${day}T00:00:00Z`) + n * DAY);
/** The first day of the month `months` after the one of `day` (negative: before). */
const monthStart = (day: string, months: number) => iso(Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1 + months, 1));

/** Where the period starts and ends around `today` (whole calendar months, quarters, years). */
function bounds(period: Period, today: string): { start: string; end: string } {
  const month = Number(today.slice(5, 7)) - 1;
  if (period === 'month') return { start: monthStart(today, 0), end: plusDays(monthStart(today, 1), -1) };
  if (period === 'quarter') {
    const start = monthStart(today, -(month % 3));
    return { start, end: plusDays(monthStart(start, 3), -1) };
  }
  if (period === 'year') return { start: `${today.slice(0, 4)}-01-01`, end: `${today.slice(0, 4)}-12-31` };
  return { start: plusDays(today, -29), end: plusDays(today, 30) };
}

/**
 * A report that looks back (all but expected sales) covers the period so far: from its first day to
 * today, "last 30 days" being today and the 29 before. One that looks ahead covers the rest of the
 * period from today, "30 days" being today and the next 30, as that report's page opens by default.
 */
export function periodRange(period: Period, today: string, ahead: boolean): { from: string; to: string } {
  const { start, end } = bounds(period, today);
  return ahead ? { from: today, to: end } : { from: start, to: today };
}
