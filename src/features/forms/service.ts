import crypto from 'node:crypto';
import type { AppContext } from '../../context.js';
import { assertMay, may } from '../../platform/access/index.js';
import type { CurrentUser } from '../../platform/auth/sessions.js';
import { hashToken } from '../../platform/auth/sessions.js';
import { dropRotation } from '../../platform/distribution.js';
import { ForbiddenError, NotFoundError, ValidationError, type FieldErrors } from '../../platform/errors.js';
import { isActiveUser, inReferenceList } from '../../platform/records/names.js';
import { requiredFields } from '../../platform/records/custom/index.js';
import { locales, translator } from '../../platform/i18n/index.js';
import { findPipeline, referenceList } from '../pipelines/queries.js';
import { parseFields, targetsFor, type FormField } from './fields.js';
import type { BuilderInput } from './form.js';
import * as q from './queries.js';

/** The builder's rules; building forms needs may('forms') (administrators, and roles allowed to). */

/** The stored form as the builder posts it. */
export function builderValues(form: q.FormRow): Record<string, unknown> {
  return {
    ...form,
    responsibleIds: (JSON.parse(form.responsibleIds) as number[]).map(String),
    fields: builderRows(parseFields(form.fields)),
  };
}

/** Fields as the builder's rows post them (options one per line, every tenth place to leave room between). */
export function builderRows(list: FormField[]): Record<string, unknown>[] {
  return list.map((f, i) => ({ ...f, options: f.options.join('\n'), sort: String((i + 1) * 10) }));
}

/** What a new form starts with, in the user's language. */
export function newFormValues(ctx: AppContext, user: CurrentUser, t: (k: 'forms.default.title' | 'forms.default.button' | 'forms.default.consent' | 'forms.default.name' | 'forms.default.phone') => string): Record<string, unknown> {
  // The seeded "Web form" source, by its seeded name in either language (the admin may have renamed it).
  const names = locales.map((l) => translator(l)('seed.source.webform').toLowerCase());
  const webform = referenceList(ctx.db, 'source').find((s) => names.includes(s.name.toLowerCase()));
  return {
    name: '', title: t('forms.default.title'), locale: user.locale, buttonText: t('forms.default.button'),
    accentColor: '#2f6fde', backgroundColor: '#ffffff', textColor: '#1f2933',
    consent: true, consentLabel: t('forms.default.consent'), creates: 'lead', responsibleMode: 'one', responsibleIds: [String(user.id)],
    afterSubmit: 'message', transfer: 'auto', active: true, sourceId: webform ? String(webform.id) : '',
    fields: [
      { target: 'firstName', type: 'text', label: t('forms.default.name'), required: true, sort: '10' },
      { target: 'phone', type: 'phone', label: t('forms.default.phone'), required: true, sort: '20' },
    ],
  };
}

function fieldErrors(ctx: AppContext, input: BuilderInput): FieldErrors {
  const errors: FieldErrors = {};
  const targets = new Map(targetsFor(ctx.db, input.creates).map((t) => [t.key, t]));
  const seen = new Set<string>();
  input.fields.forEach((f: FormField, i) => {
    const target = targets.get(f.target);
    const at = (name: string, key: 'validation.invalid' | 'validation.required' | 'forms.error.duplicateTarget' | 'forms.error.typeForTarget' | 'forms.error.noOptions') => {
      errors[`fields.${i}.${name}`] ??= { key };
    };
    if (!target) return at('target', 'validation.invalid');
    if (seen.has(f.target)) at('target', 'forms.error.duplicateTarget');
    seen.add(f.target);
    if (!target.types.includes(f.type)) at('type', 'forms.error.typeForTarget');
    if (f.type !== 'hidden' && !f.label) at('label', 'validation.required');
    if (f.type === 'list' && !target.choices && f.options.length === 0) at('options', 'forms.error.noOptions');
    if (f.type === 'hidden') {
      if (!f.value) at('value', 'validation.required');
      else if (target.choices && !target.choices.some((c) => c.value === f.value)) {
        // A list target's fixed value may be typed as the option's name.
        const byName = target.choices.find((c) => c.label.toLowerCase() === f.value!.toLowerCase());
        if (byName) f.value = byName.value;
        else at('value', 'validation.invalid');
      }
    }
  });
  if (!input.fields.some((f) => f.type !== 'hidden')) errors.fields = { key: 'forms.error.noFields' };
  const entities = input.creates === 'lead' ? (['lead'] as const) : (['contact', 'deal'] as const);
  const missing = entities.flatMap((entity) => requiredFields(ctx.db, entity).filter((d) => !seen.has(`${input.creates === 'lead' ? '' : `${entity}.`}cf_${d.code}`)).map((d) => d.label));
  if (missing.length) errors.fields = { key: 'forms.error.requiredCustom', params: { fields: missing.join(', ') } };
  if (input.creates === 'contactDeal' && !input.fields.some((f) => (f.target === 'lastName' || f.target === 'firstName') && (f.required || f.type === 'hidden'))) errors.fields ??= { key: 'forms.error.contactName' };
  return errors;
}

function checked(ctx: AppContext, input: BuilderInput): void {
  const errors = fieldErrors(ctx, input);
  if (input.consent && !input.consentLabel) errors.consentLabel = { key: 'validation.required' };
  if (input.consent && !input.policyText && !input.policyUrl) errors.policyText = { key: 'forms.error.policy' };
  if (input.creates === 'contactDeal' && (!input.pipelineId || !findPipeline(ctx.db, input.pipelineId))) errors.pipelineId = { key: 'validation.required' };
  if (!inReferenceList(ctx.db, 'source', input.sourceId)) errors.sourceId = { key: 'validation.invalid' };
  const people = input.responsibleIds;
  if (people.length === 0) errors.responsibleIds = { key: 'validation.required' };
  else if (input.responsibleMode === 'one' && people.length > 1) errors.responsibleIds = { key: 'forms.error.oneResponsible' };
  else if (!people.every((id) => isActiveUser(ctx.db, id))) errors.responsibleIds = { key: 'validation.invalid' };
  if (input.afterSubmit === 'redirect' && !input.redirectUrl) errors.redirectUrl = { key: 'validation.required' };
  if (Object.keys(errors).length) throw new ValidationError(errors);
}

function stored(input: BuilderInput) {
  const { fields, responsibleIds, ...rest } = input;
  return {
    ...rest,
    pipelineId: input.creates === 'contactDeal' ? input.pipelineId : null,
    responsibleIds: JSON.stringify([...new Set(responsibleIds)]),
    fields: JSON.stringify(fields),
  };
}

export function createForm(ctx: AppContext, user: CurrentUser, input: BuilderInput): q.FormRow {
  assertMay(user, 'forms');
  checked(ctx, input);
  const now = ctx.clock.now();
  return q.insertForm(ctx.db, { ...stored(input), key: crypto.randomBytes(12).toString('base64url'), createdBy: user.id, createdAt: now, updatedAt: now });
}

export function formFor(ctx: AppContext, user: CurrentUser, id: number): q.FormRow {
  assertMay(user, 'forms');
  const form = q.findForm(ctx.db, id);
  if (!form) throw new NotFoundError();
  return form;
}

export function updateForm(ctx: AppContext, user: CurrentUser, id: number, input: BuilderInput): void {
  const before = formFor(ctx, user, id);
  checked(ctx, input);
  ctx.sqlite.transaction(() => {
    q.updateForm(ctx.db, id, { ...stored(input), updatedAt: ctx.clock.now() });
    // A new set of people starts the rotation again from its top.
    if (before.responsibleIds !== stored(input).responsibleIds) dropRotation(ctx, `form:${id}`);
  })();
}

export function setFormActive(ctx: AppContext, user: CurrentUser, id: number, active: boolean): void {
  formFor(ctx, user, id);
  q.updateForm(ctx.db, id, { active, updatedAt: ctx.clock.now() });
}

export function removeForm(ctx: AppContext, user: CurrentUser, id: number): void {
  formFor(ctx, user, id);
  ctx.sqlite.transaction(() => {
    q.deleteForm(ctx.db, id);
    dropRotation(ctx, `form:${id}`);
  })();
}

/**
 * A new secret for sending leads through this form from a server (the lead API); the old one stops
 * working. Only its hash is kept, so it is shown once.
 */
export function issueFormToken(ctx: AppContext, user: CurrentUser, id: number): string {
  formFor(ctx, user, id);
  const token = `pf_${crypto.randomBytes(24).toString('base64url')}`;
  q.updateForm(ctx.db, id, { apiTokenHash: hashToken(token), apiTokenHint: token.slice(-4), updatedAt: ctx.clock.now() });
  return token;
}

/** Who may sort a form's waiting submissions: its responsible people, and whoever may build forms. */
export function mayModerate(user: CurrentUser, form: q.FormRow): boolean {
  return may(user, 'forms') || (JSON.parse(form.responsibleIds) as number[]).includes(user.id);
}

export function moderatedForms(ctx: AppContext, user: CurrentUser): q.FormRow[] {
  return q.listForms(ctx.db).filter((f) => f.transfer === 'manual' || f.waiting > 0).filter((f) => mayModerate(user, f));
}

export function assertModerate(user: CurrentUser, form: q.FormRow): void {
  if (!mayModerate(user, form)) throw new ForbiddenError();
}
