import type { AppContext } from '../../context.js';
import { ValidationError, type FieldErrors } from '../../platform/errors.js';
import type { UtmKey } from '../../platform/records/origins.js';
import { assertModerate } from './service.js';
import { deliver, type Delivered } from './deliver.js';
import { parseFields, readValue, targetsFor } from './fields.js';
import * as q from './queries.js';
import type { CurrentUser } from '../../platform/auth/sessions.js';
import { customDefs } from '../../platform/records/custom/queries.js';
import { ConflictError, NotFoundError } from '../../platform/errors.js';

/**
 * A submission a form accepted — from its hosted page, the embed or the lead API with its token — and
 * what becomes of it: records at once ("auto"), or a place in the moderation list ("manual") where a
 * manager deletes junk and sends the rest on.
 */
export interface Meta {
  pageUrl: string | null;
  referrer: string | null;
  utm: Partial<Record<UtmKey, string>>;
  address: string | null;
  userAgent: string | null;
  /** When the visitor ticked the consent (kept as the proof of it). */
  consentAt: number | null;
  /** Why an accepted submission could not become records at once (the form asks less than the CRM requires now). */
  problem?: string;
}

export type Values = Record<string, string | null>;
export type Received = { status: 'sent'; delivered: Delivered } | { status: 'waiting'; submissionId: number };

const ticked = (v: unknown) => (typeof v === 'string' ? v !== '' && !['0', 'false', 'no', 'off'].includes(v.toLowerCase()) : v === true || v === 1);

/** The visible fields' values by target, and the consent; problems keyed by target (and "consent"). */
export function readSubmission(ctx: AppContext, form: q.FormRow, body: Record<string, unknown>): { values: Values; consentAt: number | null } {
  const targets = new Map(targetsFor(ctx.db, form.creates as 'lead').map((t) => [t.key, t]));
  const values: Values = {};
  const errors: FieldErrors = {};
  for (const field of parseFields(form.fields)) {
    const read = readValue(field, targets.get(field.target), body[field.target]);
    if (read.ok) values[field.target] = read.value;
    else errors[field.target] = read.params ? { key: read.key, params: read.params } : { key: read.key };
  }
  const consent = ticked(body.consent);
  if (form.consent && !consent) errors.consent = { key: 'forms.error.consent' };
  if (Object.keys(errors).length) throw new ValidationError(errors);
  return { values, consentAt: form.consent ? ctx.clock.now() : null };
}

function originOf(meta: Meta, channel: 'form' | 'api') {
  return { channel, pageUrl: meta.pageUrl, referrer: meta.referrer, utm: meta.utm };
}

/**
 * Takes an accepted submission: waiting for moderation, or made into records now. A value the records
 * refuse is the visitor's to correct (ValidationError keyed by target, nothing kept); a refusal about
 * something the form does not ask (a required field added to the CRM since) keeps the submission
 * waiting with the reason, so no enquiry is lost while the form is fixed.
 */
export function accept(ctx: AppContext, form: q.FormRow, values: Values, meta: Meta, channel: 'form' | 'api'): Received {
  const now = ctx.clock.now();
  const keep = (m: Meta) => q.insertSubmission(ctx.db, { formId: form.id, status: 'waiting', values: JSON.stringify(values), meta: JSON.stringify(m), at: now });
  return ctx.sqlite.transaction((): Received => {
    if (form.transfer === 'manual') return { status: 'waiting', submissionId: keep(meta).id };
    try {
      const delivered = ctx.sqlite.transaction(() => deliver(ctx, form, values, originOf(meta, channel), null))();
      q.insertSubmission(ctx.db, { formId: form.id, status: 'sent', values: JSON.stringify(values), meta: JSON.stringify(meta), at: now, entity: delivered.entity, entityId: delivered.id });
      return { status: 'sent', delivered };
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      const asked = new Set(parseFields(form.fields).map((f) => f.target));
      if (Object.keys(err.fields).every((name) => asked.has(name))) throw err;
      ctx.logger.warn({ formId: form.id, fields: err.fields }, 'web form submission kept for moderation: the CRM refused fields the form does not ask');
      return { status: 'waiting', submissionId: keep({ ...meta, problem: Object.keys(err.fields).map((name) => labelOf(ctx, form, name)).join(', ') }).id };
    }
  })();
}

/** A refused field as the manager knows it: a custom field by its label ("cf_region" → "Region"). */
export function labelOf(ctx: AppContext, form: q.FormRow, name: string): string {
  const m = /^(?:(contact|deal)\.)?cf_(.+)$/.exec(name);
  if (!m) return name;
  const entity = (m[1] ?? (form.creates === 'lead' ? 'lead' : 'deal')) as 'lead' | 'contact' | 'deal';
  return customDefs(ctx.db, entity).find((d) => d.code === m[2])?.label ?? name;
}

export interface Waiting {
  submission: q.SubmissionRow;
  form: q.FormRow;
  values: Values;
  meta: Meta;
}

function waiting(ctx: AppContext, user: CurrentUser, id: number): Waiting {
  const submission = q.findSubmission(ctx.db, id);
  const form = submission ? q.findForm(ctx.db, submission.formId) : null;
  if (!submission || !form) throw new NotFoundError();
  assertModerate(user, form);
  if (submission.status !== 'waiting') throw new ConflictError('forms.error.decided');
  return { submission, form, values: JSON.parse(submission.values) as Values, meta: JSON.parse(submission.meta) as Meta };
}

/** A manager sends a waiting submission to the CRM: the records are made as the form would have, by them. */
export function sendSubmission(ctx: AppContext, user: CurrentUser, id: number): Delivered {
  const { submission, form, values, meta } = waiting(ctx, user, id);
  return ctx.sqlite.transaction(() => {
    const delivered = deliver(ctx, form, values, originOf(meta, 'form'), user.id);
    q.updateSubmission(ctx.db, submission.id, { status: 'sent', decidedBy: user.id, decidedAt: ctx.clock.now(), entity: delivered.entity, entityId: delivered.id });
    return delivered;
  })();
}

/** A manager throws a waiting submission away as junk: it makes nothing, leaves the list, and what it said is erased. */
export function junkSubmission(ctx: AppContext, user: CurrentUser, id: number): void {
  const { submission } = waiting(ctx, user, id);
  q.updateSubmission(ctx.db, submission.id, { status: 'deleted', values: '{}', meta: '{}', decidedBy: user.id, decidedAt: ctx.clock.now() });
}
