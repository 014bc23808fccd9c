import type { ReportKey } from '../model.js';
import type { Definition } from './definition.js';

/**
 * Standard reports as builder definitions to start from, where the builder says the same thing in
 * its own terms: the grouping, the figures and the period's field. The standard report's own extras
 * (won and lost columns, conversion between stages, weighting by probability) are not builder
 * figures, so the copies keep their count and money figures and their filter.
 */
const month = (field: string) => ({ field, range: 'month' as const, from: null, to: null });

const presets: Partial<Record<ReportKey, Definition>> = {
  managers: { entity: 'deal', groups: [{ field: 'responsible', bucket: null }], measures: [{ agg: 'count', field: null }, { agg: 'sum', field: 'amount' }], period: month('createdAt'), responsible: null, equals: null, chart: 'bar', order: 'groups', columns: [], sort: null },
  contacts: { entity: 'deal', groups: [{ field: 'contact', bucket: null }], measures: [{ agg: 'count', field: null }, { agg: 'sum', field: 'amount' }], period: month('createdAt'), responsible: null, equals: null, chart: 'bar', order: 'figure', columns: [], sort: null },
  companies: { entity: 'deal', groups: [{ field: 'company', bucket: null }], measures: [{ agg: 'count', field: null }, { agg: 'sum', field: 'amount' }], period: month('createdAt'), responsible: null, equals: null, chart: 'bar', order: 'figure', columns: [], sort: null },
  'company-revenue': { entity: 'deal', groups: [{ field: 'company', bucket: null }], measures: [{ agg: 'sum', field: 'amount' }, { agg: 'count', field: null }], period: month('closedAt'), responsible: null, equals: { field: 'outcome', value: 'won' }, chart: 'pie', order: 'figure', columns: [], sort: null },
  won: { entity: 'deal', groups: [{ field: 'responsible', bucket: null }], measures: [{ agg: 'count', field: null }, { agg: 'sum', field: 'amount' }], period: month('closedAt'), responsible: null, equals: { field: 'outcome', value: 'won' }, chart: 'bar', order: 'groups', columns: [], sort: null },
  'open-stages': { entity: 'deal', groups: [{ field: 'stage', bucket: null }], measures: [{ agg: 'count', field: null }, { agg: 'sum', field: 'amount' }], period: month('createdAt'), responsible: null, equals: { field: 'outcome', value: 'open' }, chart: 'pie', order: 'groups', columns: [], sort: null },
  'lead-funnel': { entity: 'lead', groups: [{ field: 'status', bucket: null }], measures: [{ agg: 'count', field: null }], period: month('createdAt'), responsible: null, equals: null, chart: 'bar', order: 'groups', columns: [], sort: null },
  activity: { entity: 'activity', groups: [{ field: 'responsible', bucket: null }, { field: 'type', bucket: null }], measures: [{ agg: 'count', field: null }], period: month('doneAt'), responsible: null, equals: { field: 'state', value: 'done' }, chart: 'bar', order: 'groups', columns: [], sort: null },
};

export const presetOf = (key: ReportKey): Definition | null => presets[key] ?? null;
export const hasPreset = (key: string): boolean => key in presets;
