import { describe, expect, it } from 'vitest';
import { isPeriod, periodRange, type Period } from './period.js';

describe('periodRange', () => {
  const cases: [Period, string, boolean, string, string][] = [
    ['month', '2026-12-04', false, '2026-12-01', '2026-12-04'],
    ['month', '2026-02-28', true, '2026-02-28', '2026-02-28'],
    ['month', '2024-02-10', true, '2024-02-10', '2024-02-29'],
    ['quarter', '2026-12-04', false, '2026-10-01', '2026-12-04'],
    ['quarter', '2026-01-01', false, '2026-01-01', '2026-01-01'],
    ['quarter', '2026-05-15', true, '2026-05-15', '2026-06-30'],
    ['quarter', '2026-09-30', false, '2026-07-01', '2026-09-30'],
    ['year', '2026-12-04', false, '2026-01-01', '2026-12-04'],
    ['year', '2026-03-01', true, '2026-03-01', '2026-12-31'],
    ['days30', '2026-12-04', false, '2026-11-05', '2026-12-04'],
    ['days30', '2026-03-01', false, '2026-01-31', '2026-03-01'],
    ['days30', '2026-12-04', true, '2026-12-04', '2027-01-03'],
  ];
  for (const [period, today, ahead, from, to] of cases) {
    it(`${period} from ${today}${ahead ? ' ahead' : ''}: ${from} – ${to}`, () => {
      expect(periodRange(period, today, ahead)).toEqual({ from, to });
    });
  }

  it('knows only its periods', () => {
    expect(['month', 'quarter', 'year', 'days30'].every(isPeriod)).toBe(true);
    expect(['week', '', 'MONTH', undefined, 30].some(isPeriod)).toBe(false);
  });
});
