import { describe, expect, it } from 'vitest';
import { formatNumber, periodOf, templateProblem } from './numbering.js';

describe('document numbering templates', () => {
  it.each([
    ['INV-{YYYY}-{N}', '2026-03-05', 7, 'INV-2026-7', 2026],
    ['{YY}{MM}/{N:4}', '2026-03-05', 12, '2603/0012', 2026],
    ['СЧ-{N}', '2026-03-05', 100, 'СЧ-100', 0],
    ['{N:3}', '2027-01-01', 1234, '1234', 0],
  ] as const)('%s on %s, #%d → %s', (template, day, seq, number, period) => {
    expect(templateProblem(template)).toBeNull();
    expect(formatNumber(template, day, seq)).toBe(number);
    expect(periodOf(template, day)).toBe(period);
  });

  it.each([
    ['INV-{YYYY}', 'validation.numbering.noCounter'],
    ['{N}-{N}', 'validation.numbering.noCounter'],
    ['{DD}-{N}', 'validation.numbering.token'],
    ['{N:0}', 'validation.numbering.token'],
    ['{MM}-{N}', 'validation.numbering.monthWithoutYear'],
  ] as const)('refuses %s', (template, problem) => {
    expect(templateProblem(template)).toBe(problem);
  });
});
