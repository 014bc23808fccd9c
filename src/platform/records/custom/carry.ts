import type { Db } from '../../../db/connection.js';
import { storedValues, type CustomDef, type CustomEntity } from './definitions.js';
import { customDefs } from './queries.js';

/**
 * The custom values a record made from another one takes over (lead conversion): a value goes to the
 * target's active field of the same code and type (a link: to the same kind of record). List choices
 * go over by option name (ignoring case), since option ids belong to each field; a choice with no
 * option of that name on the target is left behind. Returns the target's custom JSON.
 */
export function carriedValues(db: Db, from: CustomEntity, to: CustomEntity, json: string): string {
  const source = new Map(customDefs(db, from, true).map((d) => [d.code, d]));
  const values = storedValues(json);
  const out: Record<string, unknown> = {};
  for (const target of customDefs(db, to)) {
    const def = source.get(target.code);
    const value = values[target.code];
    if (!def || value === undefined || def.type !== target.type || def.target !== target.target) continue;
    const carried = def.type === 'list' || def.type === 'multi' ? mapOptions(def, target, value) : value;
    if (carried !== undefined) out[target.code] = carried;
  }
  return JSON.stringify(out);
}

function mapOptions(from: CustomDef, to: CustomDef, value: unknown): unknown {
  const byName = new Map(to.options.map((o) => [o.label.toLocaleLowerCase(), o.id]));
  const ids = ([] as unknown[]).concat(value).flatMap((id) => {
    const name = from.options.find((o) => o.id === id)?.label.toLocaleLowerCase();
    const mapped = name === undefined ? undefined : byName.get(name);
    return mapped === undefined ? [] : [mapped];
  });
  if (from.type === 'list') return ids[0];
  return ids.length ? to.options.filter((o) => ids.includes(o.id)).map((o) => o.id) : undefined;
}
