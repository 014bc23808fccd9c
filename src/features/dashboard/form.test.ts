import { describe, expect, it } from 'vitest';
import { parseForm } from '../../platform/forms.js';
import { dashboardForm } from './form.js';

describe('dashboardForm', () => {
  const parse = (body: Record<string, unknown>) => parseForm(dashboardForm, body);

  it('reads the rows in order and the button pressed', () => {
    expect(parse({ report: ['funnel', 'won'], period: ['month', 'year'], action: 'up.1' })).toMatchObject({
      ok: true,
      data: { widgets: [{ report: 'funnel', period: 'month' }, { report: 'won', period: 'year' }], edit: { kind: 'up', index: 1 } },
    });
    expect(parse({ report: 'won', period: 'quarter', action: 'save' })).toMatchObject({ ok: true, data: { widgets: [{ report: 'won', period: 'quarter' }], edit: { kind: 'save' } } });
    expect(parse({ action: 'add', newReport: 'managers', newPeriod: 'days30' })).toMatchObject({
      ok: true,
      data: { widgets: [], edit: { kind: 'add', widget: { report: 'managers', period: 'days30' } } },
    });
  });

  const refused: [string, Record<string, unknown>, Record<string, string>][] = [
    ['an unknown report in a row', { report: ['funnel', 'nope'], period: ['month', 'month'], action: 'save' }, { 'report.1': 'validation.dashboard.report' }],
    ['a bad period in a row', { report: 'funnel', period: 'week', action: 'save' }, { 'period.0': 'validation.dashboard.period' }],
    ['an unknown report to add', { action: 'add', newReport: '<script>', newPeriod: 'month' }, { newReport: 'validation.dashboard.report' }],
    ['a bad period to add', { action: 'add', newReport: 'won', newPeriod: '' }, { newPeriod: 'validation.dashboard.period' }],
    ['rows that do not pair up', { report: ['won', 'funnel'], period: 'month', action: 'save' }, { _form: 'validation.invalid' }],
    ['an unknown button', { action: 'drop.1' }, { action: 'validation.invalid' }],
    ['no button', {}, { action: 'validation.invalid' }],
  ];
  for (const [what, body, errors] of refused) {
    it(`refuses ${what}`, () => {
      const r = parse(body);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(Object.fromEntries(Object.entries(r.errors).map(([k, v]) => [k, v.key]))).toEqual(errors);
    });
  }
});
