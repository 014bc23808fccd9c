import { sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { Db } from '../../../db/connection.js';
import { userChoices } from '../list/common.js';
import { field, type ListField } from '../list/fields.js';
import { inputName, type CustomDef, type CustomEntity } from './definitions.js';
import { customDefs } from './queries.js';

/**
 * The active custom fields as list fields (platform/records/list): columns, filters by type and
 * sorting, each over json_extract(<table>.custom, '$.<code>'). No expression index is made per field
 * (docs/decisions.md): a sort or filter on a custom field reads the rows the list would read anyway.
 */
function optionName(def: CustomDef, value: SQL): SQL {
  if (def.options.length === 0) return sql`NULL`;
  return sql`CASE ${value} ${sql.join(def.options.map((o) => sql`WHEN ${o.id} THEN ${o.label}`), sql` `)} END`;
}

export function customListField(db: Db, def: CustomDef, custom: SQLiteColumn): ListField {
  const key = inputName(def.code);
  const label = { text: def.label };
  const at = (path = '') => sql`json_extract(${custom}, ${`$.${def.code}${path}`})`;
  switch (def.type) {
    case 'string':
    case 'text':
      return field('text', key, label, at());
    case 'number':
    case 'date':
    case 'datetime':
    case 'boolean':
      return field(def.type, key, label, at());
    case 'money':
      return field('money', key, label, at('.amount'), { extra: at('.currency') });
    case 'list': {
      const name = optionName(def, at());
      return field('reference', key, label, at(), { text: name, sort: name, choices: () => def.options.map((o) => ({ id: o.id, name: o.label })) });
    }
    case 'multi': {
      const names = sql`(SELECT group_concat(${optionName(def, sql`value`)}, ', ') FROM json_each(${custom}, ${`$.${def.code}`}))`;
      return field('text', key, label, names);
    }
    case 'link': {
      if (def.target === 'user') {
        const name = sql`(SELECT full_name FROM users WHERE users.id = ${at()})`;
        return field('user', key, label, at(), { text: name, sort: name, choices: () => userChoices(db) });
      }
      const name = def.target === 'company' ? sql`(SELECT title FROM companies WHERE companies.id = ${at()})` : sql`(SELECT full_name FROM contacts WHERE contacts.id = ${at()})`;
      return field('text', key, label, name);
    }
  }
}

export function customListFields(db: Db, entity: CustomEntity, custom: SQLiteColumn): ListField[] {
  return customDefs(db, entity).map((def) => customListField(db, def, custom));
}
