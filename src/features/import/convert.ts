import type { Db } from '../../db/connection.js';
import { parseDay } from '../../platform/dates.js';
import type { MessageKey } from '../../platform/i18n/index.js';
import { shownName } from '../../platform/records/builtin.js';
import type { Comm } from '../../platform/records/communications.js';
import { customDefs } from '../../platform/records/custom/queries.js';
import type { CustomDef, CustomEntity } from '../../platform/records/custom/definitions.js';
import { vatPresets } from '../catalog/form.js';
import { allLeadStatuses, allPipelines, stagesOf } from '../pipelines/queries.js';
import { headerKey, type ImportEntity, type ImportField } from './fields.js';
import type { Lookups } from './queries.js';

/**
 * One row of a file → the input the entity's own form would post, so the form's parser and the
 * service check it exactly as they check a person's input. What the form cannot know is resolved
 * here: the responsible by name or e-mail, the pipeline, stage and lead status by name (as stored or
 * as shown in either language), list options by label, dates written as "31.12.2025". A problem is a
 * reason with the column it came from; a row with reasons is rejected, never half-written.
 */
export type DuplicateMode = 'skip' | 'update' | 'create';
export const matchKinds = ['email', 'phone', 'taxId', 'name'] as const;
export type MatchKind = (typeof matchKinds)[number];

export interface ImportOptions {
  duplicates: DuplicateMode;
  matchBy: MatchKind[];
  /** Defaults for what a row leaves empty (or a file does not have). */
  responsibleId: number;
  stageId: number | null;
  statusId: number | null;
  currency: string;
}

export interface Reason {
  column: string | null;
  /** The form input it concerns, when no column is mapped to it. */
  field?: string;
  key: MessageKey;
  params?: Record<string, string | number>;
}

export interface Converted {
  posted: Record<string, unknown>;
  reasons: Reason[];
  comms: Comm[];
  /** The company (contacts, deals) and contact (deals) named by the row, found or made when it is written. */
  company: string | null;
  contact: string | null;
}

const norm = (s: string) => headerKey(s);

/** Everything a conversion looks up, loaded once per preview or job. */
export class Resolver {
  private readonly users = new Map<string, number>();
  private readonly pipelines: { id: number; names: string[] }[];
  private readonly stages = new Map<number, { id: number; names: string[] }[]>();
  private readonly statuses: { id: number; names: string[] }[];
  readonly defs: Map<string, CustomDef>;

  constructor(db: Db, entity: ImportEntity, readonly lookups: Lookups) {
    for (const u of lookups.activeUsers()) {
      this.users.set(norm(u.email), u.id);
      this.users.set(norm(u.full_name), u.id);
      const words = u.full_name.trim().split(/\s+/);
      if (words.length > 1) this.users.set(norm([...words].reverse().join(' ')), u.id);
    }
    const names = (kind: 'pipeline' | 'stage' | 'status', r: { name: string; code: string | null }) => [...new Set([r.name, shownName('ru', kind, r), shownName('en', kind, r), r.code ?? ''].filter(Boolean).map(norm))];
    this.pipelines = allPipelines(db).map((p) => ({ id: p.id, names: names('pipeline', p) }));
    for (const p of this.pipelines) this.stages.set(p.id, stagesOf(db, p.id).map((st) => ({ id: st.id, names: names('stage', st) })));
    this.statuses = allLeadStatuses(db).map((st) => ({ id: st.id, names: names('status', st) }));
    this.defs = new Map(entity === 'product' ? [] : customDefs(db, entity as CustomEntity).map((d) => [d.code, d]));
  }

  user(value: string): number | null {
    return this.users.get(norm(value)) ?? null;
  }

  pipeline(value: string): number | null {
    return this.pipelines.find((p) => p.names.includes(norm(value)))?.id ?? null;
  }

  pipelineOfStage(stageId: number): number | null {
    for (const [pipelineId, list] of this.stages) if (list.some((st) => st.id === stageId)) return pipelineId;
    return null;
  }

  stage(pipelineId: number, value: string): number | null {
    return this.stages.get(pipelineId)?.find((st) => st.names.includes(norm(value)))?.id ?? null;
  }

  firstStage(pipelineId: number): number | null {
    return this.stages.get(pipelineId)?.[0]?.id ?? null;
  }

  status(value: string): number | null {
    return this.statuses.find((st) => st.names.includes(norm(value)))?.id ?? null;
  }
}

/** "31.12.2025", "31/12/2025 10:00:00", "2025-12-31" → "2025-12-31" (the time left off); anything else as written (the form refuses it). */
export function isoDay(value: string): string {
  const v = value.trim();
  return parseDay(v.split(/[T\s]/)[0]!) ?? v;
}

const currencyNames: Record<string, string> = {
  'рубль': 'RUB', 'руб': 'RUB', 'руб.': 'RUB', 'российский рубль': 'RUB', 'rur': 'RUB', '₽': 'RUB', 'ruble': 'RUB', 'russian ruble': 'RUB',
  'доллар': 'USD', 'доллар сша': 'USD', '$': 'USD', 'us dollar': 'USD', 'dollar': 'USD',
  'евро': 'EUR', '€': 'EUR', 'euro': 'EUR',
  'тенге': 'KZT', 'белорусский рубль': 'BYN', 'юань': 'CNY', 'гривна': 'UAH',
};

export function currencyCode(value: string): string {
  const v = value.trim();
  return currencyNames[norm(v)] ?? v.toUpperCase();
}

/** Several values in one cell: "a@x.ru, b@x.ru" or one per line. */
export function splitValues(value: string): string[] {
  return value
    .split(/[,;\n]+/)
    .map((v) => v.trim())
    .filter(Boolean);
}

/** "Петров Иван Сергеевич" → last, first, middle; a Latin "John Smith" → first, last; one word is a first name. */
export function splitName(value: string): { lastName: string | null; firstName: string | null; middleName: string | null } {
  const words = value.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return { lastName: null, firstName: null, middleName: null };
  if (words.length === 1) return { lastName: null, firstName: words[0]!, middleName: null };
  if (/[а-яё]/i.test(value)) return { lastName: words[0]!, firstName: words[1]!, middleName: words.slice(2).join(' ') || null };
  return { firstName: words.slice(0, -1).join(' '), lastName: words[words.length - 1]!, middleName: null };
}

/**
 * A record's own full-name column, read in the order Prosto writes names (last, first, middle — as
 * its export and Bitrix24's Russian "ФИО" do), so the name shows exactly as it was in the file,
 * whatever its alphabet. (A deal's client named "John Smith" is looked up both ways: splitName.)
 */
export function nameAsWritten(value: string): { lastName: string | null; firstName: string | null; middleName: string | null } {
  const words = value.trim().split(/\s+/).filter(Boolean);
  if (words.length < 2) return { lastName: null, firstName: words[0] ?? null, middleName: null };
  return { lastName: words[0]!, firstName: words[1]!, middleName: words.slice(2).join(' ') || null };
}

const yes = new Set(['да', 'yes', 'y', 'true', '1', 'д', 'x', '+', 'on']);

function customValue(def: CustomDef, value: string): { value: unknown } | { reason: MessageKey } {
  switch (def.type) {
    case 'boolean':
      return { value: yes.has(norm(value)) ? 'on' : '' };
    case 'date':
      return { value: isoDay(value) };
    case 'list': {
      const o = def.options.find((x) => norm(x.label) === norm(value));
      return o ? { value: String(o.id) } : { reason: 'import.error.unknownOption' };
    }
    case 'multi': {
      const ids: string[] = [];
      for (const part of splitValues(value)) {
        const o = def.options.find((x) => norm(x.label) === norm(part));
        if (!o) return { reason: 'import.error.unknownOption' };
        ids.push(String(o.id));
      }
      return { value: ids };
    }
    case 'money': {
      const [amount, currency] = value.split('|');
      return { value: { amount: amount!.trim(), currency: currency?.trim() ?? '' } };
    }
    case 'link':
      return { reason: 'import.error.linkNotImported' };
    default:
      return { value };
  }
}

function vatInput(value: string): { vat: string; vatCustom: string } {
  const v = norm(value);
  if (v === '' || v === 'без ндс' || v === 'no vat' || v === 'нет' || v === 'none') return { vat: '', vatCustom: '' };
  const n = v.replace('%', '').trim().replace(',', '.');
  const bp = Math.round(Number(n) * 100);
  if (Number.isFinite(bp) && (vatPresets as readonly number[]).includes(bp)) return { vat: String(bp), vatCustom: '' };
  return { vat: 'custom', vatCustom: n };
}

/**
 * The row's posted input, over `base` (the entity's defaults, or an existing record's form values
 * when a duplicate is updated). An empty cell leaves the base's value.
 */
export function convertRow(entity: ImportEntity, row: readonly string[], headers: readonly string[], mapping: Map<number, ImportField>, r: Resolver, options: ImportOptions, base: Record<string, unknown>): Converted {
  const posted: Record<string, unknown> = { ...base };
  const reasons: Reason[] = [];
  const comms: Comm[] = [];
  let company: string | null = null;
  let contact: string | null = null;
  let pipelineId: number | null = null;
  let stageCell: { value: string; column: string } | null = null;
  for (const [index, field] of mapping) {
    const value = (row[index] ?? '').trim();
    const column = headers[index] ?? `#${index + 1}`;
    if (value === '') continue;
    switch (field.kind) {
      case 'text':
        posted[field.target!] = value;
        break;
      case 'date':
        posted[field.target!] = isoDay(value);
        break;
      case 'fullName': {
        const parts = nameAsWritten(value);
        for (const [k, v] of Object.entries(parts)) if (v) posted[k] = v;
        break;
      }
      case 'comm':
        for (const v of splitValues(value)) comms.push({ kind: field.comm!.kind, type: field.comm!.type, value: v });
        break;
      case 'responsible': {
        const id = r.user(value);
        if (id === null) reasons.push({ column, key: 'import.error.unknownUser', params: { value } });
        else posted.responsibleId = String(id);
        break;
      }
      case 'pipeline':
        pipelineId = r.pipeline(value);
        if (pipelineId === null) reasons.push({ column, key: 'import.error.unknownPipeline', params: { value } });
        break;
      case 'stage':
        stageCell = { value, column };
        break;
      case 'status': {
        const id = r.status(value);
        if (id === null) reasons.push({ column, key: 'import.error.unknownStatus', params: { value } });
        else posted.statusId = String(id);
        break;
      }
      case 'company':
        company = value;
        break;
      case 'contact':
        contact = value;
        break;
      case 'money': {
        const [amount, currency] = value.split('|');
        posted[field.target!] = amount!.trim();
        if (currency?.trim() && ![...mapping.values()].some((x) => x.kind === 'currency')) posted.currency = currencyCode(currency);
        break;
      }
      case 'currency':
        posted.currency = currencyCode(value);
        break;
      case 'vat':
        Object.assign(posted, vatInput(value));
        break;
      case 'custom': {
        const def = r.defs.get(field.key.slice(3));
        if (!def) break;
        const parsed = customValue(def, value);
        if ('reason' in parsed) reasons.push({ column, key: parsed.reason, params: { value } });
        else posted[field.target!] = parsed.value;
        break;
      }
    }
  }
  // Named parts win over a split full name.
  for (const [index, field] of mapping) if (['lastName', 'firstName', 'middleName'].includes(field.key) && (row[index] ?? '').trim()) posted[field.key] = row[index]!.trim();
  if (entity === 'deal') {
    const defaultPipeline = options.stageId ? r.pipelineOfStage(options.stageId) : null;
    const pipeline = pipelineId ?? defaultPipeline;
    const current = stageCell as { value: string; column: string } | null;
    if (current && pipeline !== null) {
      const id = r.stage(pipeline, current.value);
      if (id === null) reasons.push({ column: current.column, key: 'import.error.unknownStage', params: { value: current.value } });
      else posted.stageId = String(id);
    } else if (pipelineId !== null && pipelineId !== defaultPipeline) {
      posted.stageId = String(r.firstStage(pipelineId) ?? '');
    }
  }
  return { posted, reasons, comms, company, contact };
}

/** Where a form error of `field` (an input name) came from: the first column mapped to it. */
export function columnOfError(field: string, mapping: Map<number, ImportField>, headers: readonly string[]): string | null {
  for (const [index, f] of mapping) {
    const inputs =
      f.kind === 'comm' ? [`comms.${f.comm!.kind}`] :
      f.kind === 'responsible' ? ['responsibleId'] :
      f.kind === 'stage' || f.kind === 'pipeline' ? ['stageId'] :
      f.kind === 'status' ? ['statusId'] :
      f.kind === 'company' ? ['companyIds', 'companyId'] :
      f.kind === 'contact' ? ['contactId'] :
      f.kind === 'vat' ? ['vat', 'vatCustom'] :
      f.kind === 'fullName' ? ['lastName', 'firstName'] :
      [f.target ?? f.key];
    if (inputs.includes(field)) return headers[index] ?? null;
  }
  return null;
}
