import type { AppContext } from '../../context.js';
import type { CurrentUser } from '../../platform/auth/sessions.js';
import { AppError, ValidationError, type FieldErrors } from '../../platform/errors.js';
import { parseForm } from '../../platform/forms.js';
import { companyForm, type CompanyInput } from '../companies/form.js';
import { createCompany } from '../companies/service.js';
import { contactForm, type ContactInput } from '../contacts/form.js';
import { createContact } from '../contacts/service.js';
import { columnOfError, convertRow, splitName, type ImportOptions, type Reason, Resolver } from './convert.js';
import { entityImports, postedComms } from './entities.js';
import type { ImportEntity, ImportField } from './fields.js';
import { lookups, type Lookups } from './queries.js';

/**
 * One row from file to record: converted, parsed by the entity's form, checked for a duplicate, then
 * created, updated or skipped through the entity's service — or rejected with its reasons. With
 * `write: false` (the preview) nothing is written: a company or contact the row names and the CRM
 * lacks is reported as one that will be made.
 */
export type Outcome = 'created' | 'updated' | 'skipped' | 'rejected';

export interface RowResult {
  outcome: Outcome;
  reasons: Reason[];
  /** Preview only: a company or contact that writing would make first. */
  makes: string[];
}

export interface Plan {
  entity: ImportEntity;
  headers: string[];
  mapping: Map<number, ImportField>;
  options: ImportOptions;
  resolver: Resolver;
  lookups: Lookups;
  /** The entity's create for this job, made at the first row written. */
  create?: (input: unknown) => number;
}

export function makePlan(ctx: AppContext, entity: ImportEntity, headers: string[], mapping: Map<number, ImportField>, options: ImportOptions): Plan {
  const lk = lookups(ctx.sqlite);
  return { entity, headers, mapping, options, resolver: new Resolver(ctx.db, entity, lk), lookups: lk };
}

function formReasons(errors: FieldErrors, plan: Plan): Reason[] {
  return Object.entries(errors).map(([field, e]) => ({ column: columnOfError(field, plan.mapping, plan.headers), field, key: e.key, params: e.params }));
}

class Rejected extends Error {
  constructor(readonly reasons: Reason[]) {
    super('rejected');
  }
}

function companyId(ctx: AppContext, user: CurrentUser, plan: Plan, title: string, responsibleId: unknown, write: boolean, makes: string[]): number | null {
  const found = plan.lookups.companyByTitle(title);
  if (found !== null) return found;
  makes.push(title);
  if (!write) return null;
  const parsed = parseForm(companyForm, { title, responsibleId });
  if (!parsed.ok) throw new Rejected(formReasons(parsed.errors, plan).map((r) => ({ ...r, column: columnOfError('companyId', plan.mapping, plan.headers) ?? r.column })));
  return createCompany(ctx, user, parsed.data as CompanyInput, { notify: false }).id;
}

function contactId(ctx: AppContext, user: CurrentUser, plan: Plan, name: string, responsibleId: unknown, write: boolean, makes: string[]): number | null {
  const parts = splitName(name);
  const found = plan.lookups.contactByName([parts.lastName, parts.firstName, parts.middleName].filter(Boolean).join(' ')) ?? plan.lookups.contactByName(name);
  if (found !== null) return found;
  makes.push(name);
  if (!write) return null;
  const named = Object.fromEntries(Object.entries(parts).filter(([, v]) => v !== null));
  const parsed = parseForm(contactForm, { ...named, responsibleId });
  if (!parsed.ok) throw new Rejected(formReasons(parsed.errors, plan).map((r) => ({ ...r, column: columnOfError('contactId', plan.mapping, plan.headers) ?? r.column })));
  return createContact(ctx, user, parsed.data as ContactInput, { notify: false }).id;
}

/** The posted input of a row over `base`, with its communications and linked records; throws Rejected. */
function input(ctx: AppContext, user: CurrentUser, plan: Plan, row: readonly string[], base: Record<string, unknown>, write: boolean, makes: string[]): { data: unknown; posted: Record<string, unknown>; comms: ReturnType<typeof convertRow>['comms'] } {
  const adapter = entityImports[plan.entity];
  const conv = convertRow(plan.entity, row, plan.headers, plan.mapping, plan.resolver, plan.options, base);
  if (conv.reasons.length) throw new Rejected(conv.reasons);
  const posted = conv.posted;
  if (adapter.comms) posted.comms = postedComms(base.comms, conv.comms);
  if (conv.company) {
    const id = companyId(ctx, user, plan, conv.company, posted.responsibleId, write, makes);
    if (plan.entity === 'contact') {
      const had = Array.isArray(base.companyIds) ? (base.companyIds as string[]) : [];
      posted.companyIds = [...new Set([...had, ...(id !== null ? [String(id)] : [])])];
    } else if (id !== null) posted.companyId = String(id);
  }
  if (conv.contact && plan.entity === 'deal') {
    const id = contactId(ctx, user, plan, conv.contact, posted.responsibleId, write, makes);
    if (id !== null) posted.contactId = String(id);
  }
  const parsed = parseForm(adapter.form, posted);
  if (!parsed.ok) throw new Rejected(formReasons(parsed.errors, plan));
  return { data: parsed.data, posted, comms: conv.comms };
}

function serviceReasons(err: unknown, plan: Plan): Reason[] {
  if (err instanceof Rejected) return err.reasons;
  if (err instanceof ValidationError) return formReasons(err.fields, plan);
  if (err instanceof AppError) return [{ column: null, key: err.messageKey, params: err.params }];
  throw err;
}

/**
 * Writing happens in a savepoint of its own (inside the batch's transaction), so a row refused half way
 * — its company made, then the contact refused by the service — leaves nothing behind.
 */
export function importRow(ctx: AppContext, user: CurrentUser, plan: Plan, row: readonly string[], write: boolean): RowResult {
  const adapter = entityImports[plan.entity];
  const makes: string[] = [];
  const work = (): RowResult => {
    const fresh = input(ctx, user, plan, row, adapter.base(ctx, plan.options), write, makes);
    const duplicate = plan.options.duplicates === 'create' ? null : adapter.duplicate(plan.lookups, fresh.posted, fresh.comms, plan.options.matchBy);
    if (duplicate === null) {
      if (write) {
        plan.create ??= adapter.writer ? adapter.writer(ctx, user) : (data) => adapter.create(ctx, user, data);
        plan.create(fresh.data);
      }
      return { outcome: 'created', reasons: [], makes };
    }
    if (plan.options.duplicates === 'skip') return { outcome: 'skipped', reasons: [], makes: [] };
    const existing = adapter.existing(ctx, user, duplicate);
    const merged = input(ctx, user, plan, row, existing, write, makes);
    if (write) adapter.update(ctx, user, duplicate, merged.data);
    return { outcome: 'updated', reasons: [], makes };
  };
  try {
    // A row that makes nothing before its record (no company or contact to make, no update) writes its record in one go: no savepoint needed.
    const simple = plan.mapping.size > 0 && ![...plan.mapping.values()].some((f) => f.kind === 'company' || f.kind === 'contact') && plan.options.duplicates !== 'update';
    return write && !simple ? ctx.sqlite.transaction(work)() : work();
  } catch (err) {
    return { outcome: 'rejected', reasons: serviceReasons(err, plan), makes: [] };
  }
}
