import { and, asc, eq } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { roles, userRoles, users } from '../../db/schema/index.js';
import { nextInRotation } from '../../platform/distribution.js';
import { ValidationError, type FieldErrors } from '../../platform/errors.js';
import { parseForm } from '../../platform/forms.js';
import { normalize } from '../../platform/records/communications.js';
import { saveOrigin, type Origin } from '../../platform/records/origins.js';
import { isActiveUser } from '../../platform/records/names.js';
import { captureContact } from '../contacts/service.js';
import { contactForm } from '../contacts/form.js';
import { captureDeal, defaultCurrency } from '../deals/service.js';
import { dealFormChecked } from '../deals/form.js';
import { matchByComms } from '../duplicates/queries.js';
import { captureLead } from '../leads/service.js';
import { leadForm } from '../leads/form.js';
import { allLeadStatuses, stagesOf } from '../pipelines/queries.js';
import type { FormRow } from './queries.js';

/**
 * Makes the records of an accepted submission through the records' own services (their checks,
 * history, search index, notification and domain event): a lead, or a contact and a deal in the form's
 * pipeline. `values` are by target (fields.ts). A problem with a value is a ValidationError keyed by
 * target; nothing is then made. Call inside the caller's transaction.
 */
export interface Delivered {
  entity: 'lead' | 'deal';
  id: number;
}

type Values = Record<string, string | null>;

/** The form's responsible: its one user, or the rotation's next; when none of them is active, whoever made the form, else an administrator. */
export function responsibleFor(ctx: AppContext, form: FormRow): number {
  const ids = (JSON.parse(form.responsibleIds) as number[]).filter(Number.isInteger);
  const chosen = form.responsibleMode === 'rotation' ? nextInRotation(ctx, `form:${form.id}`, ids) : ids.find((id) => isActiveUser(ctx.db, id));
  if (chosen) return chosen;
  if (form.createdBy && isActiveUser(ctx.db, form.createdBy)) return form.createdBy;
  const admin = ctx.db
    .select({ id: users.id })
    .from(users)
    .innerJoin(userRoles, eq(userRoles.userId, users.id))
    .innerJoin(roles, eq(roles.id, userRoles.roleId))
    .where(and(eq(users.isActive, true), eq(roles.code, 'admin')))
    .orderBy(asc(users.id))
    .get();
  return admin!.id;
}

const comm = (value: string | null | undefined) => (value ? [{ type: 'work', value }] : []);

/** The custom inputs of one entity ("cf_x" from "cf_x" or "deal.cf_x"), as its form posts them. */
function customOf(values: Values, prefix: string): Record<string, string> {
  return Object.fromEntries(Object.entries(values).flatMap(([k, v]) => (k.startsWith(`${prefix}cf_`) && v !== null ? [[k.slice(prefix.length), v]] : [])));
}

/** The title a record gets when the form does not ask for one: "Callback — Maria Petrova". */
function titleOf(form: FormRow, values: Values): string {
  const who = [values.lastName, values.firstName, values.middleName].filter(Boolean).join(' ') || values.phone || values.email;
  return (who ? `${form.name} — ${who}` : form.name).slice(0, 200);
}

/** Errors of an entity's form or service, keyed back by the form's targets. */
function byTarget(errors: FieldErrors, prefix: string): FieldErrors {
  return Object.fromEntries(
    Object.entries(errors).map(([input, e]) => {
      const name = input.startsWith('comms.') ? input.slice('comms.'.length) : input;
      return [name.startsWith('cf_') ? prefix + name : name, e];
    }),
  );
}

function parsed<T>(result: { ok: true; data: T } | { ok: false; errors: FieldErrors }, prefix: string): T {
  if (!result.ok) throw new ValidationError(byTarget(result.errors, prefix));
  return result.data;
}

function withTargets<T>(prefix: string, make: () => T): T {
  try {
    return make();
  } catch (err) {
    if (err instanceof ValidationError) throw new ValidationError(byTarget(err.fields, prefix));
    throw err;
  }
}

export function deliver(ctx: AppContext, form: FormRow, values: Values, origin: Omit<Origin, 'formId' | 'sourceName'>, by: number | null): Delivered {
  const from = { channel: `form:${form.id}`, source: form.name, by };
  const responsibleId = String(responsibleFor(ctx, form));
  const sourceId = values.sourceId ?? (form.sourceId ? String(form.sourceId) : '');
  const full: Origin = { ...origin, formId: form.id, sourceName: form.name };
  const now = ctx.clock.now();
  if (form.creates === 'lead') {
    const status = allLeadStatuses(ctx.db).find((s) => s.semantics === 'open')!;
    const input = parsed(
      parseForm(leadForm, {
        title: values.title ?? titleOf(form, values),
        lastName: values.lastName ?? '', firstName: values.firstName ?? '', middleName: values.middleName ?? '',
        companyTitle: values.companyTitle ?? '', position: values.position ?? '', comments: values.comments ?? '',
        statusId: String(status.id), sourceId, amount: '', currency: defaultCurrency(ctx), responsibleId,
        comms: { phone: comm(values.phone), email: comm(values.email) },
        ...customOf(values, ''),
      }),
      '',
    );
    const lead = withTargets('', () => captureLead(ctx, input, from));
    saveOrigin(ctx.db, 'lead', lead.id, full, now);
    return { entity: 'lead', id: lead.id };
  }
  const contactId = existingContact(ctx, values) ?? withTargets('contact.', () => captureContact(ctx, parsed(
    parseForm(contactForm, {
      lastName: values.lastName ?? '', firstName: values.firstName ?? '', middleName: values.middleName ?? '', position: values.position ?? '',
      sourceId, responsibleId, comms: { phone: comm(values.phone), email: comm(values.email) },
      ...customOf(values, 'contact.'),
    }),
    'contact.',
  ), from)).id;
  const stage = stagesOf(ctx.db, form.pipelineId!).find((s) => s.semantics === 'open')!;
  const deal = withTargets('deal.', () => captureDeal(ctx, parsed(
    parseForm(dealFormChecked, {
      title: values.title ?? titleOf(form, values), stageId: String(stage.id), amount: '', currency: defaultCurrency(ctx),
      sourceId, contactId: String(contactId), responsibleId, comments: values.comments ?? '',
      ...customOf(values, 'deal.'),
    }),
    'deal.',
  ), from));
  saveOrigin(ctx.db, 'deal', deal.id, full, now);
  return { entity: 'deal', id: deal.id };
}

/**
 * A live contact with the submitted phone, else e-mail: the deal joins them instead of a duplicate
 * contact being made (their own fields stay as they are).
 */
function existingContact(ctx: AppContext, values: Values): number | null {
  const scope = { visible: undefined, exclude: null, limit: 1 };
  for (const kind of ['phone', 'email'] as const) {
    const value = values[kind];
    const key = value ? normalize(kind, value) : '';
    if (key.length < (kind === 'phone' ? 5 : 3)) continue;
    const [id] = matchByComms(ctx.db, 'contact', kind, [key], scope);
    if (id) return id;
  }
  return null;
}
