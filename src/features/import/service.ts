import fs from 'node:fs';
import path from 'node:path';
import type { AppContext } from '../../context.js';
import { mayEntity } from '../../platform/access/index.js';
import type { CurrentUser } from '../../platform/auth/sessions.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors.js';
import { readTable, TableError, type Table } from '../../platform/import/table.js';
import { baseCurrency } from '../currencies/service.js';
import { allPipelines, allLeadStatuses, stagesOf } from '../pipelines/queries.js';
import type { ImportOptions, Reason } from './convert.js';
import { autoMapping, importFields, type ImportEntity, type ImportField } from './fields.js';
import { mappingOf, parseOptions, startJob } from './job.js';
import { importRow, makePlan, type Outcome } from './rows.js';
import * as q from './queries.js';

/** Uploads are capped while they stream (platform/http/upload.ts). */
export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;
export const PREVIEW_ROWS = 10;

export function assertMayImport(user: CurrentUser, entity: ImportEntity): void {
  if (!mayEntity(user, entity, 'import')) throw new ForbiddenError();
}

export const importDir = (ctx: AppContext): string => path.join(ctx.config.dataDir, 'import');

/** The defaults a new job starts with: the importer responsible, the first pipeline's first stage, the first lead status, the base currency. */
function defaultOptions(ctx: AppContext, user: CurrentUser): ImportOptions {
  const pipeline = allPipelines(ctx.db)[0];
  return {
    duplicates: 'skip',
    matchBy: ['email', 'phone', 'taxId'],
    responsibleId: user.id,
    stageId: pipeline ? (stagesOf(ctx.db, pipeline.id)[0]?.id ?? null) : null,
    statusId: allLeadStatuses(ctx.db)[0]?.id ?? null,
    currency: baseCurrency(ctx.db),
  };
}

/**
 * An uploaded file becomes a draft job: read once to check it is a table at all (a refused file is
 * deleted and reported), its columns mapped as the built-in preset and our labels recognise them.
 */
export async function createJob(ctx: AppContext, user: CurrentUser, entity: ImportEntity, upload: { file: string; name: string }, labelOf: (f: ImportField) => string): Promise<q.ImportJobRow> {
  assertMayImport(user, entity);
  let table: Table;
  try {
    table = await readTable(upload.file);
  } catch (err) {
    fs.rmSync(upload.file, { force: true });
    if (err instanceof TableError) throw new ValidationError({ file: { key: err.key } });
    throw err;
  }
  fs.mkdirSync(importDir(ctx), { recursive: true });
  const mapping = autoMapping(importFields(ctx.db, entity), table.headers, labelOf);
  const job = q.insertJob(ctx.db, {
    entity,
    userId: user.id,
    status: 'draft',
    fileName: upload.name,
    filePath: null,
    format: table.format,
    encoding: table.encoding,
    delimiter: table.delimiter,
    headers: JSON.stringify(table.headers),
    totalRows: table.rows.length,
    mapping: JSON.stringify(mapping),
    options: JSON.stringify(defaultOptions(ctx, user)),
    createdAt: ctx.clock.now(),
  });
  const kept = path.join(importDir(ctx), `job-${job.id}.${table.format}`);
  fs.renameSync(upload.file, kept);
  q.updateJob(ctx.db, job.id, { filePath: kept });
  return { ...job, filePath: kept };
}

/** A job of this user; someone else's is not found. */
export function jobFor(ctx: AppContext, user: CurrentUser, id: number): q.ImportJobRow {
  const job = q.findJob(ctx.db, id);
  if (!job || job.userId !== user.id) throw new NotFoundError();
  assertMayImport(user, job.entity as ImportEntity);
  return job;
}

export function saveMapping(ctx: AppContext, job: q.ImportJobRow, mapping: Record<number, string>, options: ImportOptions): q.ImportJobRow {
  if (job.status !== 'draft') throw new ValidationError({ _form: { key: 'import.error.notDraft' } });
  const changes = { mapping: JSON.stringify(mapping), options: JSON.stringify(options) };
  q.updateJob(ctx.db, job.id, changes);
  return { ...job, ...changes };
}

export interface PreviewRow {
  rowNo: number;
  cells: string[];
  outcome: Outcome;
  /** Reasons by column index; those not tied to a column under -1. */
  reasons: Map<number, Reason[]>;
  makes: string[];
}

/** The first rows as the import would treat them, writing nothing. */
export async function previewJob(ctx: AppContext, user: CurrentUser, job: q.ImportJobRow): Promise<PreviewRow[]> {
  if (!job.filePath) return [];
  const table = await readTable(job.filePath);
  const plan = makePlan(ctx, job.entity as ImportEntity, table.headers, mappingOf(ctx, job), parseOptions(job.options));
  return table.rows.slice(0, PREVIEW_ROWS).map((cells, i) => {
    const result = importRow(ctx, user, plan, cells, false);
    const reasons = new Map<number, Reason[]>();
    for (const r of result.reasons) {
      const index = r.column === null ? -1 : table.headers.indexOf(r.column);
      reasons.set(index, [...(reasons.get(index) ?? []), r]);
    }
    return { rowNo: i + 2, cells, outcome: result.outcome, reasons, makes: result.makes };
  });
}

/** Starts a mapped draft, or continues an interrupted job from where it stopped. */
export function runJob(ctx: AppContext, user: CurrentUser, job: q.ImportJobRow, ip: string | null): void {
  if (job.status !== 'draft' && job.status !== 'interrupted') throw new ValidationError({ _form: { key: 'import.error.notDraft' } });
  if (!job.filePath || !fs.existsSync(job.filePath)) throw new ValidationError({ _form: { key: 'import.error.fileGone' } });
  const mapping = JSON.parse(job.mapping) as Record<string, string>;
  if (Object.keys(mapping).length === 0) throw new ValidationError({ _form: { key: 'import.error.nothingMapped' } });
  startJob(ctx, job.id, ip);
}

export function savePreset(ctx: AppContext, user: CurrentUser, job: q.ImportJobRow, name: string): void {
  const headers = JSON.parse(job.headers) as string[];
  const mapping = JSON.parse(job.mapping) as Record<string, string>;
  const byHeader = Object.fromEntries(Object.entries(mapping).map(([i, key]) => [headers[Number(i)] ?? '', key]).filter(([h]) => h));
  q.savePreset(ctx.db, { entity: job.entity, name, mapping: JSON.stringify(byHeader), createdBy: user.id, createdAt: ctx.clock.now() });
}

/** A saved preset over the file's columns: columns it names are mapped as it says, the others as recognised. */
export function applyPreset(ctx: AppContext, job: q.ImportJobRow, presetId: number, labelOf: (f: ImportField) => string): q.ImportJobRow {
  const preset = q.findPreset(ctx.db, presetId);
  if (!preset || preset.entity !== job.entity) throw new NotFoundError();
  const mapping = autoMapping(importFields(ctx.db, job.entity as ImportEntity), JSON.parse(job.headers) as string[], labelOf, JSON.parse(preset.mapping) as Record<string, string>);
  q.updateJob(ctx.db, job.id, { mapping: JSON.stringify(mapping) });
  return { ...job, mapping: JSON.stringify(mapping) };
}
