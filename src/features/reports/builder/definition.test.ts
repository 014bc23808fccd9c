import { describe, expect, it } from 'vitest';
import { testContext } from '../../../../test/support/context.js';
import { createDefinition } from '../../custom/service.js';
import { checkDefinition, definitionFromForm, formValues } from './definition.js';
import { presetOf } from './presets.js';
import { reportKeys } from '../model.js';

const ctx = testContext();
createDefinition(ctx, { entity: 'lead', label: 'Budget', code: 'budget', type: 'money', required: false, newOptions: [], target: undefined });
createDefinition(ctx, { entity: 'lead', label: 'Tags', code: 'tags', type: 'multi', required: false, newOptions: ['a', 'b'], target: undefined });
const check = (form: Record<string, string>) => checkDefinition(ctx.db, 'en', definitionFromForm({ entity: 'deal', m1: 'count', chart: 'bar', ...form }));
const errorsOf = (form: Record<string, string>) => {
  const r = check(form);
  return r.ok ? {} : Object.fromEntries(Object.entries(r.errors).map(([k, e]) => [k, e.key]));
};

describe('the builder form read as a definition', () => {
  it('reads groupings, figures, the period, the responsible and the equality filter', () => {
    const r = check({ g1: 'responsible', g2: 'createdAt', g2b: 'week', m2: 'sum:amount', pf: 'closedAt', range: 'custom', from: '01.11.2026', to: '2026-11-30', responsible: '7', ef: 'outcome', ev: 'won', chart: 'pie' });
    expect(r.ok && r.definition).toEqual({
      entity: 'deal',
      groups: [{ field: 'responsible', bucket: null }, { field: 'createdAt', bucket: 'week' }],
      measures: [{ agg: 'count', field: null }, { agg: 'sum', field: 'amount' }],
      period: { field: 'closedAt', range: 'custom', from: '2026-11-01', to: '2026-11-30' },
      responsible: 7,
      equals: { field: 'outcome', value: 'won' },
      chart: 'pie',
      order: 'groups',
      columns: [],
      sort: null,
    });
    // And back into the form's inputs.
    expect(r.ok && formValues(r.definition)).toMatchObject({ g1: 'responsible', g2: 'createdAt', g2b: 'week', m2: 'sum:amount', pf: 'closedAt', from: '2026-11-01', responsible: '7', ev: 'won' });
  });

  it('a definition stored before rows had an order keeps the groups\' order', () => {
    const r = checkDefinition(ctx.db, 'en', { entity: 'deal', groups: [], measures: [{ agg: 'count', field: null }], period: null, responsible: null, equals: null, chart: 'bar' });
    expect(r.ok && r.definition.order).toBe('groups');
    expect(r.ok && [r.definition.columns, r.definition.sort]).toEqual([[], null]);
  });

  it('reads a list\'s columns and order; its figures are not used', () => {
    const r = check({ c1: 'title', c2: 'company', c3: 'amount', sort: 'amount', dir: 'desc' });
    expect(r.ok && [r.definition.columns, r.definition.sort, r.definition.measures]).toEqual([['title', 'company', 'amount'], { field: 'amount', dir: 'desc' }, []]);
    expect(r.ok && formValues(r.definition)).toMatchObject({ c1: 'title', c2: 'company', c3: 'amount', sort: 'amount', dir: 'desc' });
    // A multi-choice custom field is a list's column (its options joined), though not a grouping.
    expect(checkDefinition(ctx.db, 'en', definitionFromForm({ entity: 'lead', c1: 'title', c2: 'cf_tags', chart: 'bar' })).ok).toBe(true);
  });

  it('every copy of a standard report is a definition the builder takes as it is', () => {
    const copies = reportKeys.flatMap((key) => (presetOf(key) ? [[key, presetOf(key)] as const] : []));
    expect(copies.map(([key]) => key)).toEqual(['managers', 'contacts', 'company-revenue', 'companies', 'won', 'open-stages', 'lead-funnel', 'activity']);
    for (const [key, d] of copies) expect(checkDefinition(ctx.db, 'ru', d), key).toEqual(expect.objectContaining({ ok: true, definition: d }));
  });

  it('custom fields of the entity are fields of the report; a multi-choice one is not a grouping', () => {
    expect(checkDefinition(ctx.db, 'en', definitionFromForm({ entity: 'lead', g1: 'status', m1: 'avg:cf_budget', chart: 'bar' })).ok).toBe(true);
    expect(checkDefinition(ctx.db, 'en', definitionFromForm({ entity: 'lead', g1: 'cf_tags', m1: 'count', chart: 'bar' })).ok).toBe(false);
    expect(checkDefinition(ctx.db, 'en', definitionFromForm({ entity: 'deal', m1: 'sum:cf_budget', chart: 'bar' })).ok).toBe(false);
  });

  it.each([
    [{ entity: 'invoice' }, { entity: 'builder.error.entity' }],
    [{ g1: 'nope' }, { g1: 'builder.error.field' }],
    [{ g1: 'createdAt' }, { g1b: 'builder.error.bucket' }],
    [{ g1: 'amount' }, { g1: 'builder.error.moneyGroup' }],
    [{ g1: 'stage', g2: 'stage' }, { g2: 'builder.error.sameGroup' }],
    [{ m1: '' }, { m1: 'builder.error.noMeasure' }],
    [{ m1: 'median:amount' }, { m1: 'builder.error.aggregate' }],
    [{ m1: 'sum:title' }, { m1: 'builder.error.notNumeric' }],
    [{ m2: 'max:createdAt' }, { m2: 'builder.error.notNumeric' }],
    [{ pf: 'stage', range: 'all' }, { pf: 'builder.error.periodField' }],
    [{ pf: 'createdAt', range: 'custom', from: '2026-12-01', to: '2026-11-01' }, { to: 'builder.error.periodOrder' }],
    [{ pf: 'createdAt', range: 'custom', from: 'soon' }, { from: 'validation.date', to: 'validation.date' }],
    [{ pf: 'createdAt', range: 'forever' }, { range: 'validation.invalid' }],
    [{ responsible: 'me' }, { responsible: 'validation.invalid' }],
    [{ ef: 'stage', ev: '' }, { ev: 'builder.error.equalsValue' }],
    [{ ef: 'probability', ev: 'high' }, { ev: 'builder.error.equalsKind' }],
    [{ chart: 'radar' }, { chart: 'validation.invalid' }],
    [{ order: 'random' }, { order: 'validation.invalid' }],
    [{ c1: 'title', g1: 'stage' }, { g1: 'builder.error.columnsAndGroups' }],
    [{ c1: 'title', c2: 'nope' }, { c2: 'builder.error.field' }],
    [{ c1: 'title', c2: 'title' }, { c2: 'builder.error.sameColumn' }],
    [{ c1: 'amount' }, { c1: 'builder.error.firstColumn' }],
    [{ c1: 'title', sort: 'stage' }, { sort: 'builder.error.sortColumn' }],
    [{ c1: 'title', sort: 'title', dir: 'up' }, { dir: 'validation.invalid' }],
  ])('%o is refused: %o', (form, errors) => {
    expect(errorsOf(form)).toEqual(errors);
  });
});
