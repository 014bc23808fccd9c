import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { integer, sqliteTable } from 'drizzle-orm/sqlite-core';
import { testContext } from '../../../test/support/context.js';
import { addUser, setUpCompany } from '../../../test/support/server.js';
import { createDepartment } from '../../features/departments/service.js';
import { createRole, updateRole } from '../../features/roles/service.js';
import { findUser, roleByCode, setUserRoles } from '../../features/users/queries.js';
import { toCurrentUser, type CurrentUser } from '../auth/sessions.js';
import { mayRecord, rowCondition } from './index.js';
import { filledMatrix } from './model.js';

/** A stand-in for any sales entity: what the access module needs of a record is its owner and flag. */
const records = sqliteTable('t_records', {
  id: integer('id').primaryKey(),
  responsibleId: integer('responsible_id'),
  everyone: integer('everyone', { mode: 'boolean' }).notNull(),
});

const ctx = testContext();
const people: Record<string, number> = {};
const asUser = (name: string): CurrentUser => toCurrentUser(ctx.db, findUser(ctx.db, people[name]!)!);

beforeAll(async () => {
  await setUpCompany(ctx);
  people.admin = 1;
  // Sales ⊃ Retail; Support apart.
  const sales = createDepartment(ctx, { name: 'Sales', parentId: null, headUserId: null });
  const retail = createDepartment(ctx, { name: 'Retail', parentId: sales.id, headUserId: null });
  const support = createDepartment(ctx, { name: 'Support', parentId: null, headUserId: null });
  const add = async (name: string, role: string, dept: number[]) => {
    people[name] = (await addUser(ctx, { email: `${name}@example.com`, password: `${name}-Pass-123`, fullName: name, role, departmentIds: dept })).id;
  };
  await add('director', 'director', []);
  await add('salesHead', 'head', [sales.id]);
  await add('retailHead', 'head', [retail.id]);
  await add('salesManager', 'manager', [sales.id]);
  await add('retailManager', 'manager', [retail.id]);
  await add('supportManager', 'manager', [support.id]);
  await add('auditor', 'manager', [support.id]);
  // A custom role: reads everything in its own department only, no sub-departments; held with Manager.
  const custom = createRole(ctx, { userId: null, ip: null }, { name: 'Dept reader', copyFrom: null });
  updateRole(ctx, { userId: null, ip: null }, custom.id, {
    name: 'Dept reader',
    m: filledMatrix((_e, a) => (a === 'read' ? 'department' : 'none')),
    maySettings: false,
    mayEditCatalog: false,
    mayEditForms: false,
  });
  setUserRoles(ctx.db, people.auditor!, [roleByCode(ctx.db, 'manager')!.id, custom.id]);

  ctx.sqlite.exec('CREATE TABLE t_records (id INTEGER PRIMARY KEY, responsible_id INTEGER, everyone INTEGER NOT NULL)');
  const insert = ctx.sqlite.prepare('INSERT INTO t_records (id, responsible_id, everyone) VALUES (?, ?, ?)');
  // id: owner (everyone?)
  insert.run(1, people.salesManager, 0);
  insert.run(2, people.retailManager, 0);
  insert.run(3, people.supportManager, 0);
  insert.run(4, people.salesHead, 0);
  insert.run(5, people.retailManager, 1);
  insert.run(6, people.director, 0);
  insert.run(7, null, 0);
});

const visible = (user: CurrentUser, action: 'read' | 'edit' | 'delete') =>
  ctx.db
    .select({ id: records.id })
    .from(records)
    .where(rowCondition(ctx.db, user, 'deal', action, { responsible: records.responsibleId, everyone: records.everyone }))
    .orderBy(records.id)
    .all()
    .map((r) => r.id);

describe('access: which records each user may see and change', () => {
  it.each([
    ['admin', [1, 2, 3, 4, 5, 6, 7], [1, 2, 3, 4, 5, 6, 7], [1, 2, 3, 4, 5, 6, 7]],
    ['director', [1, 2, 3, 4, 5, 6, 7], [1, 2, 3, 4, 5, 6, 7], [1, 2, 3, 4, 5, 6, 7]],
    ['salesHead', [1, 2, 4, 5], [1, 2, 4, 5], [1, 2, 4, 5]],
    ['retailHead', [2, 5], [2, 5], [2, 5]],
    ['salesManager', [1, 5], [1], []],
    ['retailManager', [2, 5], [2, 5], []],
    ['supportManager', [3, 5], [3], []],
    ['auditor', [3, 5], [], []],
  ])('%s reads %j, edits %j, deletes %j', (name, read, edit, del) => {
    const user = asUser(name);
    expect(visible(user, 'read')).toEqual(read);
    expect(visible(user, 'edit')).toEqual(edit);
    expect(visible(user, 'delete')).toEqual(del);
    // The per-record answer agrees with the list condition for every record.
    const rows = ctx.db.all<{ id: number; responsible_id: number | null; everyone: number }>(sql`SELECT * FROM t_records ORDER BY id`);
    for (const action of ['read', 'edit', 'delete'] as const) {
      const allowed = rows.filter((r) => mayRecord(ctx.db, user, 'deal', action, { responsibleId: r.responsible_id, everyone: r.everyone === 1 })).map((r) => r.id);
      expect(allowed, `${name} ${action}`).toEqual(visible(user, action));
    }
  });

  it('a change of responsible applies at the next check', () => {
    const before = visible(asUser('supportManager'), 'read');
    ctx.sqlite.prepare('UPDATE t_records SET responsible_id = ? WHERE id = 3').run(people.salesManager);
    expect(visible(asUser('supportManager'), 'read')).toEqual(before.filter((id) => id !== 3));
    expect(visible(asUser('salesManager'), 'read')).toEqual([1, 3, 5]);
    ctx.sqlite.prepare('UPDATE t_records SET responsible_id = ? WHERE id = 3').run(people.supportManager);
  });
});
