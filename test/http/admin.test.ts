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

const idOf = (email: string) => server.ctx.db.all<{ id: number }>(sql`SELECT id FROM users WHERE email = ${email}`)[0]!.id;

describe('users', () => {
  it('creates a user with roles and departments, validating every field first', async () => {
    const manager = roleByCode(server.ctx.db, 'manager')!;
    await admin.get('/settings/departments/new');
    await admin.post('/settings/departments', { name: 'Sales', parentId: '', headUserId: '' });
    const deptId = server.ctx.db.all<{ id: number }>(sql`SELECT id FROM departments`)[0]!.id;

    await admin.get('/settings/users/new');
    const bad = await admin.post('/settings/users', {
      fullName: 'Boris Petrov',
      email: ADMIN.email,
      password: 'short',
      passwordConfirm: 'short',
      locale: 'ru',
      roleIds: [String(manager.id)],
      departmentIds: ['999'],
    });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('Another user already has this e-mail.');
    expect(bad.text).toContain('The password needs at least 8 characters.');
    expect(bad.text).toContain('value="Boris Petrov"');
    expect(server.ctx.db.all(sql`SELECT * FROM users`)).toHaveLength(1);

    const ok = await admin.post('/settings/users', {
      fullName: 'Boris Petrov',
      email: 'boris@example.com',
      password: 'Boris-pass-1',
      passwordConfirm: 'Boris-pass-1',
      locale: 'ru',
      roleIds: [String(manager.id)],
      departmentIds: [String(deptId)],
      absentUntil: '2026-12-31',
    });
    expect(ok.status).toBe(303);
    const list = await admin.get('/settings/users');
    expect(list.text).toContain('User Boris Petrov was created.');
    expect(list.text).toMatch(/Boris Petrov<\/a><\/td>\s*<td>boris@example.com<\/td>\s*<td>Manager<\/td>\s*<td>Sales<\/td>/);
    expect(list.text).toContain('Absent until');
  });

  it('edits a user and keeps the last administrator', async () => {
    const adminId = idOf(ADMIN.email);
    const manager = roleByCode(server.ctx.db, 'manager')!;
    await admin.get(`/settings/users/${adminId}`);
    const res = await admin.post(`/settings/users/${adminId}`, {
      fullName: 'Anna A.',
      email: ADMIN.email,
      locale: 'en',
      roleIds: [String(manager.id)],
    });
    expect(res.status).toBe(422);
    expect(res.text).toContain('You cannot take the administrator role from yourself.');
    const self = await admin.post(`/settings/users/${adminId}/deactivate`, {});
    expect(self.status).toBe(409);
    expect(self.text).toContain('You cannot deactivate yourself.');
  });

  it('an administrator resets another user\'s password; the old one stops working', async () => {
    await addUser(server.ctx, { email: 'boris@example.com', password: 'Boris-pass-1', fullName: 'Boris' });
    const id = idOf('boris@example.com');
    await admin.get(`/settings/users/${id}`);
    expect((await admin.post(`/settings/users/${id}/password`, { password: 'Fresh-pass-99', passwordConfirm: 'Fresh-pass-99' })).status).toBe(303);
    expect((await new Client(server.url).signIn('boris@example.com', 'Boris-pass-1')).status).toBe(401);
    expect((await new Client(server.url).signIn('boris@example.com', 'Fresh-pass-99')).status).toBe(303);
  });

  it('reactivates a deactivated user', async () => {
    await addUser(server.ctx, { email: 'boris@example.com', password: 'Boris-pass-1', fullName: 'Boris' });
    const id = idOf('boris@example.com');
    await admin.get(`/settings/users/${id}`);
    await admin.post(`/settings/users/${id}/deactivate`, {});
    expect((await admin.get('/settings/users?status=inactive')).text).toContain('Boris');
    expect((await admin.get('/settings/users?status=active')).text).not.toContain('>Boris<');
    await admin.post(`/settings/users/${id}/reactivate`, {});
    expect((await new Client(server.url).signIn('boris@example.com', 'Boris-pass-1')).status).toBe(303);
  });

  it('filters the list by a name fragment for htmx with just the rows', async () => {
    await addUser(server.ctx, { email: 'boris@example.com', password: 'Boris-pass-1', fullName: 'Борис Петров' });
    const res = await admin.get(`/settings/users?q=${encodeURIComponent('петр')}`, { 'HX-Request': 'true', 'HX-Target': 'user-rows' });
    expect(res.text).not.toContain('<html');
    expect(res.text).toContain('Борис Петров');
    expect(res.text).not.toContain(ADMIN.fullName);
  });
});

describe('departments', () => {
  async function create(name: string, parentId = '', headUserId = '') {
    await admin.get('/settings/departments/new');
    return admin.post('/settings/departments', { name, parentId, headUserId });
  }
  const deptId = (name: string) => server.ctx.db.all<{ id: number }>(sql`SELECT id FROM departments WHERE name = ${name}`)[0]!.id;

  it('builds a tree with heads, moves, renames, refuses cycles and deletes only empty ones', async () => {
    expect((await create('')).text).toContain('Please fill this in.');
    await create('Sales', '', String(idOf(ADMIN.email)));
    await create('Retail', String(deptId('Sales')));
    await create('Key accounts', String(deptId('Retail')));
    const tree = await admin.get('/settings/departments');
    expect(tree.text).toMatch(/Sales[\s\S]*Retail[\s\S]*Key accounts/);
    expect(tree.text).toContain(ADMIN.fullName);

    await admin.get(`/settings/departments/${deptId('Sales')}`);
    const cycle = await admin.post(`/settings/departments/${deptId('Sales')}`, { name: 'Sales', parentId: String(deptId('Key accounts')) });
    expect(cycle.status).toBe(422);
    expect(cycle.text).toContain('cannot be placed inside itself');

    const move = await admin.post(`/settings/departments/${deptId('Key accounts')}`, { name: 'Key clients', parentId: String(deptId('Sales')) });
    expect(move.status).toBe(303);
    expect(server.ctx.db.all(sql`SELECT parent_id AS p FROM departments WHERE name = 'Key clients'`)).toEqual([{ p: deptId('Sales') }]);

    const busy = await admin.post(`/settings/departments/${deptId('Sales')}/delete`, {});
    expect(busy.status).toBe(409);
    expect(busy.text).toContain('has sub-departments');
    await addUser(server.ctx, { email: 'r@example.com', password: 'Retail-pass-1', fullName: 'R', departmentIds: [deptId('Retail')] });
    expect((await admin.post(`/settings/departments/${deptId('Retail')}/delete`, {})).text).toContain('has members');
    expect((await admin.post(`/settings/departments/${deptId('Key clients')}/delete`, {})).status).toBe(303);
    expect(server.ctx.db.all(sql`SELECT name FROM departments ORDER BY name`)).toEqual([{ name: 'Retail' }, { name: 'Sales' }]);
  });
});

describe('administration is for administrators', () => {
  it('a manager sees no Settings and gets 403 on settings pages', async () => {
    await addUser(server.ctx, { email: 'm@example.com', password: 'Manager-pass-1', fullName: 'Mila' });
    const m = new Client(server.url);
    await m.signIn('m@example.com', 'Manager-pass-1');
    const home = await m.get('/');
    expect(home.text).not.toContain('href="/settings"');
    for (const path of ['/settings/users', '/settings/users/new', '/settings/departments']) {
      const res = await m.get(path);
      expect([path, res.status]).toEqual([path, 403]);
      expect(res.text).toContain('No access');
    }
    expect((await m.post('/settings/departments', { name: 'X' })).status).toBe(403);
  });
});
