import type { AppContext } from '../../context.js';
import type { CurrentUser } from '../../platform/auth/sessions.js';
import { getCompany } from '../../platform/company.js';
import { inputName, type CustomDef, type CustomEntity } from '../../platform/records/custom/definitions.js';
import { customDefs } from '../../platform/records/custom/queries.js';
import { pickerState, resolvePickerFields, type Pick, type PickerSpec } from '../pickers/service.js';
import { activeUsers } from '../users/queries.js';

/** One custom field of an entity form, with what its input offers (users to choose, a picker's state). */
export interface CustomFormField {
  def: CustomDef;
  name: string;
  users?: { id: number; fullName: string }[];
  picker?: { chosen: Pick[]; options: Pick[] };
}

/** Links to a contact or a company are pickers named as the field's input; typed text is resolved like any picker's. */
export function customPickers(ctx: AppContext, entity: CustomEntity): PickerSpec[] {
  return customDefs(ctx.db, entity)
    .filter((d) => d.type === 'link' && d.target !== 'user')
    .map((d) => ({ name: inputName(d.code), entity: d.target as 'contact' | 'company', multiple: false }));
}

/** The active custom fields of an entity's form (views/custom/_inputs.ejs). */
export function customFormFields(ctx: AppContext, user: CurrentUser, entity: CustomEntity, values: Record<string, unknown>): { customFields: CustomFormField[]; customCurrency: string } {
  const customFields = customDefs(ctx.db, entity).map((def) => formField(ctx, user, def, inputName(def.code), values));
  return { customFields, customCurrency: getCompany(ctx.db)?.baseCurrency ?? 'RUB' };
}

/** The inputs of the given fields of an entity named "<entity>.cf_<code>": a lead's conversion asks for the required fields of each record it makes. */
export function prefixedFormFields(ctx: AppContext, user: CurrentUser, entity: CustomEntity, defs: CustomDef[], values: Record<string, unknown>): CustomFormField[] {
  return defs.map((def) => formField(ctx, user, def, `${entity}.${inputName(def.code)}`, values));
}

/** The pickers of prefixedFormFields, for resolving text typed in them. */
export function prefixedPickers(ctx: AppContext, entity: CustomEntity): PickerSpec[] {
  return customPickers(ctx, entity).map((p) => ({ ...p, name: `${entity}.${p.name}` }));
}

function formField(ctx: AppContext, user: CurrentUser, def: CustomDef, name: string, values: Record<string, unknown>): CustomFormField {
  if (def.type !== 'link') return { def, name };
  if (def.target === 'user') return { def, name, users: activeUsers(ctx.db) };
  return { def, name, picker: pickerState(ctx, user, values, { name, entity: def.target as 'contact' | 'company', multiple: false }) };
}

/**
 * For forms that have no pickers of their own: text typed in a link's picker and left unchosen is
 * resolved when it names exactly one record; otherwise the field keeps what was chosen.
 */
export function withCustomPicks(ctx: AppContext, user: CurrentUser, entity: CustomEntity, posted: unknown): Record<string, unknown> {
  return resolvePickerFields(ctx, user, (posted ?? {}) as Record<string, unknown>, customPickers(ctx, entity)).values;
}
