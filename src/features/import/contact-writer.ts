import type { AppContext } from '../../context.js';
import type { Sqlite } from '../../db/connection.js';
import { mayEntity, mayRecord } from '../../platform/access/index.js';
import type { CurrentUser } from '../../platform/auth/sessions.js';
import { ForbiddenError, ValidationError, type FieldErrors } from '../../platform/errors.js';
import { emit } from '../../platform/events.js';
import { normalize } from '../../platform/records/communications.js';
import { timeZoneOf } from '../../platform/records/custom/index.js';
import { customDefs } from '../../platform/records/custom/queries.js';
import { parseCustomValues } from '../../platform/records/custom/values.js';
import { baseCurrency } from '../currencies/service.js';
import { fullNameOf, type ContactInput } from '../contacts/form.js';

/**
 * New contacts written the way createContact writes them — the same checks of the parsed form, the
 * same row, companies, communications, "created" history entry, search index body and event — but
 * through prepared statements made once per job. createContact builds each drizzle query anew,
 * which cost about 1 ms a contact: 100 seconds for a client base of 100 000 (docs/decisions.md,
 * "Import"). Updates of found duplicates go through updateContact as they are. Contacts made by an
 * import notify nobody (the import's own summary is the audit event).
 */
export function contactWriter(ctx: AppContext, user: CurrentUser) {
  if (!mayEntity(user, 'contact', 'add')) throw new ForbiddenError();
  const s = statements(ctx.sqlite);
  const activeUsers = new Set((ctx.sqlite.prepare('SELECT id FROM users WHERE is_active = 1').all() as { id: number }[]).map((u) => u.id));
  const mayAssign = new Map<number, boolean>();
  const companyTitles = new Map<number, string | null>();
  const titleOf = (id: number) => {
    if (!companyTitles.has(id)) {
      const found = s.company.get(id);
      companyTitles.set(id, found && mayRecord(ctx.db, user, 'company', 'read', { responsibleId: found.responsible_id }) ? found.title : null);
    }
    return companyTitles.get(id)!;
  };
  // As readCustom parses them, with the definitions and time zone read once; links are not imported (convert.ts).
  const defs = customDefs(ctx.db, 'contact');
  const env = { timeZone: timeZoneOf(ctx.db, user), currency: baseCurrency(ctx.db), linkOk: () => false };
  return (input: ContactInput): number => {
    const parsed = parseCustomValues(defs, input.custom ?? {}, {}, env);
    const custom = { json: JSON.stringify(parsed.values), errors: parsed.errors };
    const errors: FieldErrors = { ...custom.errors };
    if (!activeUsers.has(input.responsibleId)) errors.responsibleId = { key: 'validation.invalid' };
    if (input.typeId !== null || input.sourceId !== null) errors._form = { key: 'validation.invalid' };
    const companyIds = [...new Set(input.companyIds)];
    if (companyIds.some((id) => titleOf(id) === null)) errors.companyIds = { key: 'validation.invalid' };
    if (Object.keys(errors).length) throw new ValidationError(errors);
    let allowed = mayAssign.get(input.responsibleId);
    if (allowed === undefined) mayAssign.set(input.responsibleId, (allowed = mayRecord(ctx.db, user, 'contact', 'add', { responsibleId: input.responsibleId })));
    if (!allowed) throw new ValidationError({ responsibleId: { key: 'records.error.responsibleOutOfScope' } });
    const now = ctx.clock.now();
    const fullName = fullNameOf(input);
    const id = Number(
      s.contact.run(input.lastName, input.firstName, input.middleName, fullName, input.position, input.birthday, input.comments, input.responsibleId, custom.json, user.id, now, now).lastInsertRowid,
    );
    for (const companyId of companyIds) s.link.run(id, companyId);
    input.comms.forEach((c, sort) => s.comm.run(id, c.kind, c.type, c.value.trim(), normalize(c.kind, c.value), sort));
    s.history.run(id, now, user.id);
    const parts = [fullName, input.position, ...companyIds.map(titleOf), ...input.comms.map((c) => c.value), ...input.comms.filter((c) => c.kind === 'phone').map((c) => normalize('phone', c.value))];
    s.search.run(id, parts.filter(Boolean).join(' \n '));
    emit(ctx, { type: 'record.created', entity: 'contact', id, by: user.id, channel: null });
    return id;
  };
}

const prepared = new WeakMap<Sqlite, ReturnType<typeof make>>();

function make(sqlite: Sqlite) {
  return {
    contact: sqlite.prepare(
      `INSERT INTO contacts (last_name, first_name, middle_name, full_name, position, birthday, comments, responsible_id, custom, created_by, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    link: sqlite.prepare('INSERT OR IGNORE INTO contact_companies (contact_id, company_id) VALUES (?, ?)'),
    comm: sqlite.prepare("INSERT INTO communications (entity, entity_id, kind, type, value, normalized, sort) VALUES ('contact', ?, ?, ?, ?, ?, ?)"),
    history: sqlite.prepare("INSERT INTO history (entity, entity_id, at, user_id, kind, field, old_value, new_value) VALUES ('contact', ?, ?, ?, 'created', NULL, NULL, NULL)"),
    search: sqlite.prepare('INSERT INTO search_contacts (rowid, body) VALUES (?, ?)'),
    company: sqlite.prepare<[number], { title: string; responsible_id: number }>('SELECT title, responsible_id FROM companies WHERE id = ? AND deleted_at IS NULL'),
  };
}

function statements(sqlite: Sqlite) {
  let s = prepared.get(sqlite);
  if (!s) prepared.set(sqlite, (s = make(sqlite)));
  return s;
}
