import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { Client } from '../support/http-client.js';
import { ADMIN, addUser, type TestServer } from '../support/server.js';
import { eachWithAdmin } from '../support/suite.js';
import { roleByCode } from '../../src/features/users/queries.js';

let server: TestServer;
let admin: Client;

eachWithAdmin((s, a) => {
  server = s;
  admin = a;
});

const roleId = (name: string) => server.ctx.db.all<{ id: number }>(sql`SELECT id FROM roles WHERE name = ${name}`)[0]!.id;
const cell = (id: number, entity: string, action: string) =>
  server.ctx.db.all<{ scope: string }>(sql`SELECT scope FROM role_permissions WHERE role_id = ${id} AND entity = ${entity} AND action = ${action}`)[0]?.scope;

describe('roles editor', () => {
  it('copies a role, changes a scope and the settings right; holders get it on their next request', async () => {
    await admin.get('/settings/roles');
    const manager = roleByCode(server.ctx.db, 'manager')!;
    const made = await admin.post('/settings/roles', { name: 'Senior manager', copyFrom: String(manager.id) });
    const id = roleId('Senior manager');
    expect(made.headers.get('location')).toBe(`/settings/roles/${id}`);
    expect(cell(id, 'deal', 'read')).toBe('own');

    const boris = await addUser(server.ctx, { email: 'boris@example.com', password: 'Boris-pass-1', fullName: 'Boris' });
    server.ctx.sqlite.prepare('INSERT INTO user_roles (user_id, role_id) VALUES (?, ?)').run(boris.id, id);
    const b = new Client(server.url);
    await b.signIn('boris@example.com', 'Boris-pass-1');
    expect((await b.get('/settings/users')).status).toBe(403);

    const page = await admin.get(`/settings/roles/${id}`);
    expect(page.text).toContain('name="m[deal][read]"');
    const form: Record<string, string> = { name: 'Senior manager', maySettings: '1' };
    for (const [, name, value] of page.text.matchAll(/name="(m\[\w+\]\[\w+\])"[^>]*>([\s\S]*?)<\/select>/g)) {
      form[name!] = /<option value="(\w+)" selected>/.exec(value!)![1]!;
    }
    form['m[deal][read]'] = 'subdepartments';
    expect((await admin.post(`/settings/roles/${id}`, form)).status).toBe(303);
    expect(cell(id, 'deal', 'read')).toBe('subdepartments');
    expect(cell(id, 'contact', 'read')).toBe('own');
    expect((await b.get('/settings/users')).status).toBe(200);

    const audit = await admin.get('/settings/audit?kind=role.updated');
    expect(audit.text).toContain('deal.read: own → subdepartments');
    expect(audit.text).toContain('settings: false → true');
  });

  it('keeps the Administrator role whole and refuses to delete an assigned or seeded role', async () => {
    await admin.get('/settings/roles');
    const adminRole = roleByCode(server.ctx.db, 'admin')!;
    const refused = await admin.post(`/settings/roles/${adminRole.id}`, { name: 'Admin', 'm[deal][read]': 'none' });
    expect(refused.status).toBe(409);
    expect(refused.text).toContain('always has every right');
    expect(cell(adminRole.id, 'deal', 'read')).toBe('all');
    expect((await admin.post(`/settings/roles/${roleByCode(server.ctx.db, 'manager')!.id}/delete`, {})).text).toContain('cannot be deleted');

    await admin.post('/settings/roles', { name: 'Couriers', copyFrom: '' });
    const id = roleId('Couriers');
    expect(cell(id, 'deal', 'read')).toBe('none');
    const c = await addUser(server.ctx, { email: 'c@example.com', password: 'Courier-pass-1', fullName: 'C' });
    server.ctx.sqlite.prepare('INSERT INTO user_roles (user_id, role_id) VALUES (?, ?)').run(c.id, id);
    const busy = await admin.post(`/settings/roles/${id}/delete`, {});
    expect(busy.status).toBe(409);
    expect(busy.text).toContain('1 users hold this role');
    server.ctx.sqlite.prepare('DELETE FROM user_roles WHERE role_id = ?').run(id);
    expect((await admin.post(`/settings/roles/${id}/delete`, {})).status).toBe(303);
    expect(server.ctx.db.all(sql`SELECT * FROM roles WHERE name = 'Couriers'`)).toEqual([]);
  });
});

describe('audit log', () => {
  it('records sign-ins with the address and user changes, filterable by kind and user', async () => {
    await new Client(server.url).signIn(ADMIN.email, 'wrong password');
    await addUser(server.ctx, { email: 'boris@example.com', password: 'Boris-pass-1', fullName: 'Boris' });
    const all = await admin.get('/settings/audit');
    expect(all.text).toContain('Failed sign-in');
    expect(all.text).toContain('127.0.0.1');
    expect(all.text).toContain('Signed in');
    const failed = await admin.get('/settings/audit?kind=signin.failed');
    expect(failed.text).toContain('email: admin@example.com');
    expect(failed.text).not.toContain('<td>Signed in</td>');
    const mine = await admin.get('/settings/audit?user=1&kind=signin.ok');
    expect(mine.text).toContain(ADMIN.fullName);
  });
});
