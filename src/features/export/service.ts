import type { Writable } from 'node:stream';
import { setImmediate as turn } from 'node:timers/promises';
import type { Request } from 'express';
import type { AppContext } from '../../context.js';
import { mayEntity } from '../../platform/access/index.js';
import type { Entity } from '../../platform/access/model.js';
import { audit, type Actor } from '../../platform/audit.js';
import type { CurrentUser } from '../../platform/auth/sessions.js';
import { AppError, ForbiddenError } from '../../platform/errors.js';
import { writeCsv, writeXlsx, type ExportTable, type ExportValue } from '../../platform/export/index.js';
import { toLocalInput } from '../../platform/format.js';
import type { Translate } from '../../platform/i18n/index.js';
import type { FilterEnv } from '../../platform/records/list/filters.js';
import type { ListField } from '../../platform/records/list/fields.js';
import { prepareList, type PreparedList } from '../../platform/records/list/page.js';
import type { ListSpec } from '../../platform/records/list/spec.js';
import { stateParams } from '../../platform/records/list/state.js';
import type { Cursor } from '../../platform/records/paging.js';
import { exportColumns, exportRow, type RowWords } from './columns.js';
import type { ExportFormat } from './form.js';

/** Rows read per query: large enough that 100 000 rows take 100 queries, small enough to stay out of the way. */
export const EXPORT_PAGE = 1000;

export interface ExportFile {
  /** "deals-2026-12-03.csv" */
  name: string;
  type: string;
  /** Streams the file to `out` and records the export in the audit log; resolves with the rows written. */
  write(out: Writable): Promise<number>;
}

export interface ExportRequest {
  user: CurrentUser;
  actor: Actor;
  query: Request['query'];
  env: FilterEnv;
  t: Translate;
}

const types: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  'csv-semicolon': 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/**
 * Every row of the list in its order, a page at a time by the list's own cursor, yielding to the
 * event loop before each page so other requests are answered while a long export runs. Rows changed
 * during a long export are read as they are when their page is reached (no snapshot is held open).
 */
async function* pages(list: PreparedList, toValues: (row: Parameters<typeof exportRow>[1]) => ExportValue[]): AsyncGenerator<ExportValue[][]> {
  let after: Cursor | null = null;
  for (;;) {
    await turn();
    const rows = list.rows(after, EXPORT_PAGE);
    if (rows.length > 0) yield rows.map(toValues);
    if (rows.length < EXPORT_PAGE) return;
    after = rows[rows.length - 1]!.cursor;
  }
}

/**
 * The export of a list as the user sees it: the same query string, fields, view, search, filters,
 * sort and read conditions as the list page, for users whose role has the export right on the
 * entity (any scope but "none"); the rows are the ones the user may read. Refused with 403 without
 * the right, 422 when a filter cannot be read — before anything is sent.
 */
export function prepareExport(ctx: AppContext, spec: Omit<ListSpec, 'bulk'>, format: ExportFormat, r: ExportRequest): ExportFile {
  if (!mayEntity(r.user, spec.entity as Entity, 'export')) throw new ForbiddenError('export.forbidden');
  const list = prepareList(ctx, spec, r.user, r.query, r.env);
  if (list.failed) throw new AppError(422, 'lists.filter.failed');
  const label = (f: ListField) => ('key' in f.label ? r.t(f.label.key) : f.label.text);
  const words: RowWords = { timeZone: r.env.timeZone, yes: r.t('lists.filter.yes'), no: r.t('lists.filter.no') };
  const table: ExportTable = { columns: exportColumns(list.shown, label, r.t), pages: pages(list, (row) => exportRow(list.shown, row, words)) };
  const stem = `${spec.base.replace(/^\//, '').replace(/\//g, '-')}-${toLocalInput(ctx.clock.now(), r.env.timeZone).slice(0, 10)}`;
  return {
    name: `${stem}.${format === 'xlsx' ? 'xlsx' : 'csv'}`,
    type: types[format],
    async write(out) {
      const rows = format === 'xlsx' ? await writeXlsx(out, table, r.t(spec.title)) : await writeCsv(out, table, { delimiter: format === 'csv-semicolon' ? ';' : ',' });
      audit(ctx.db, r.actor, 'list.exported', ctx.clock.now(), {
        entity: spec.entity,
        format,
        rows,
        columns: list.shown.map((f) => f.key),
        filter: stateParams(list.state).toString(),
        ...(out.destroyed && !out.writableFinished ? { interrupted: true } : {}),
      });
      return rows;
    },
  };
}
