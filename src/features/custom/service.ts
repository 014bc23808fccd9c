import type { AppContext } from '../../context.js';
import { NotFoundError, ValidationError, type FieldErrors } from '../../platform/errors.js';
import type { CustomDef, CustomOption } from '../../platform/records/custom/definitions.js';
import { customDefs, findCustomDef, holdsValues } from '../../platform/records/custom/queries.js';
import type { DefinitionEditInput, DefinitionInput } from './form.js';
import * as q from './queries.js';

/**
 * Custom field definitions, kept by the administrator (Settings → Fields). A field's code and type
 * are fixed once made: values are stored under the code, in the type's shape. A field that records
 * hold values of can be deactivated (its values stay, unseen) but not deleted, so its code is never
 * taken again for something else.
 */
const CODE = /^[a-z][a-z0-9_]{0,39}$/;
const hasOptions = (type: string) => type === 'list' || type === 'multi';

/** "Расчётный счёт" → a code of Latin letters: the label transliterated, or "field" plus a number. */
const TRANSLIT: Record<string, string> = { а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k', л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'h', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'sch', ы: 'y', э: 'e', ю: 'yu', я: 'ya' };

export function suggestedCode(label: string): string {
  const latin = [...label.toLowerCase()].map((c) => TRANSLIT[c] ?? c).join('').replace(/[^a-z0-9]+/g, '_').replace(/^[^a-z]+|_+$/g, '').slice(0, 40);
  return latin || 'field';
}

function freeCode(ctx: AppContext, input: DefinitionInput): string {
  const base = suggestedCode(input.label);
  let code = base;
  for (let n = 2; q.codeTaken(ctx.db, input.entity, code); n++) code = `${base.slice(0, 36)}_${n}`;
  return code;
}

function optionsFrom(existing: CustomOption[], renamed: Map<number, string>, added: string[]): CustomOption[] {
  const kept = existing.map((o) => ({ id: o.id, label: renamed.has(o.id) ? renamed.get(o.id)! : o.label })).filter((o) => o.label !== '');
  let next = Math.max(0, ...existing.map((o) => o.id)) + 1;
  return [...kept, ...added.map((label) => ({ id: next++, label: label.slice(0, 100) }))];
}

export function createDefinition(ctx: AppContext, input: DefinitionInput): CustomDef {
  const errors: FieldErrors = {};
  const code = input.code || freeCode(ctx, input);
  if (!CODE.test(code) || code.endsWith('_q')) errors.code = { key: 'custom.error.code' };
  else if (q.codeTaken(ctx.db, input.entity, code)) errors.code = { key: 'custom.error.codeTaken' };
  if (hasOptions(input.type) && input.newOptions.length === 0) errors.newOptions = { key: 'custom.error.options' };
  if (input.type === 'link' && !input.target) errors.target = { key: 'validation.required' };
  if (Object.keys(errors).length) throw new ValidationError(errors);
  const row = q.insertDefinition(ctx.db, {
    entity: input.entity,
    code,
    label: input.label,
    type: input.type,
    required: input.required,
    options: JSON.stringify(hasOptions(input.type) ? optionsFrom([], new Map(), input.newOptions) : []),
    target: input.type === 'link' ? input.target! : null,
    sort: q.nextSort(ctx.db, input.entity),
    createdAt: ctx.clock.now(),
  });
  return findCustomDef(ctx.db, row.id)!;
}

export function definitionFor(ctx: AppContext, id: number): CustomDef {
  const def = findCustomDef(ctx.db, id);
  if (!def) throw new NotFoundError();
  return def;
}

/** Renames the field and its options (by id, so chosen values stay), adds options, sets "required". */
export function updateDefinition(ctx: AppContext, id: number, input: DefinitionEditInput, renamed: Map<number, string>): CustomDef {
  const def = definitionFor(ctx, id);
  const options = hasOptions(def.type) ? optionsFrom(def.options, renamed, input.newOptions) : [];
  if (hasOptions(def.type) && options.length === 0) throw new ValidationError({ newOptions: { key: 'custom.error.options' } });
  q.updateDefinition(ctx.db, id, { label: input.label, required: input.required, options: JSON.stringify(options) });
  return definitionFor(ctx, id);
}

/** One place up or down among the entity's fields. */
export function moveDefinition(ctx: AppContext, id: number, direction: 'up' | 'down'): void {
  const def = definitionFor(ctx, id);
  ctx.sqlite.transaction(() => {
    const list = customDefs(ctx.db, def.entity, true);
    const i = list.findIndex((d) => d.id === id);
    const j = direction === 'up' ? i - 1 : i + 1;
    if (j < 0 || j >= list.length) return;
    [list[i], list[j]] = [list[j]!, list[i]!];
    list.forEach((d, k) => q.updateDefinition(ctx.db, d.id, { sort: (k + 1) * 10 }));
  })();
}

export function setDefinitionActive(ctx: AppContext, id: number, active: boolean): CustomDef {
  definitionFor(ctx, id);
  q.updateDefinition(ctx.db, id, { active });
  return definitionFor(ctx, id);
}

/** Only a field no record (the recycle bin included) holds a value of. */
export function deleteDefinition(ctx: AppContext, id: number): CustomDef {
  const def = definitionFor(ctx, id);
  if (holdsValues(ctx.db, def.entity, def.code)) throw new ValidationError({ _form: { key: 'custom.error.hasValues' } });
  q.deleteDefinition(ctx.db, id);
  return def;
}
