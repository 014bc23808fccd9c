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
  const users = activeUsers(ctx.db);
  const customFields = customDefs(ctx.db, entity).map((def) => {
    const name = inputName(def.code);
    if (def.type !== 'link') return { def, name };
    if (def.target === 'user') return { def, name, users };
    return { def, name, picker: pickerState(ctx, user, values, { name, entity: def.target as 'contact' | 'company', multiple: false }) };
  });
  return { customFields, customCurrency: getCompany(ctx.db)?.baseCurrency ?? 'RUB' };
}

/**
 * For forms that have no pickers of their own: text typed in a link's picker and left unchosen is
 * resolved when it names exactly one record; otherwise the field keeps what was chosen.
 */
export function withCustomPicks(ctx: AppContext, user: CurrentUser, entity: CustomEntity, posted: unknown): Record<string, unknown> {
  return resolvePickerFields(ctx, user, (posted ?? {}) as Record<string, unknown>, customPickers(ctx, entity)).values;
}
