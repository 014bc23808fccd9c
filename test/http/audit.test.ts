import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { Client } from '../support/http-client.js';
import { ADMIN, addUser, setUpCompany, startTestServer, type TestServer } from '../support/server.js';
import { createDepartment } from '../../src/features/departments/service.js';
import { roleByCode } from '../../src/features/users/queries.js';

/**
 * The audit log (issue "Access rights"): everything an administrator does to users, roles and the
 * department tree, and every sign-in, success or not, with the address, each found by the page's
 * filters.
 */
let server: TestServer;
let admin: Client;
let boris = 0;
let east = 0;

beforeAll(async () => {
  server = await startTestServer();
  await setUpCompany(server.ctx);
  east = createDepartment(server.ctx, { name: 'East', parentId: null, headUserId: null }).id;
  boris = (await addUser(server.ctx, { email: 'boris@example.com', password: 'Boris-pass-123', fullName: 'Boris' })).id;
  admin = new Client(server.url);
  await admin.signIn(ADMIN.email, ADMIN.password);
});
afterAll(() => server.close());

/** The rows of the audit page for a filter, as "kind label | details". */
async function rows(query: string): Promise<string[]> {
  const page = await admin.get(`/settings/audit?${query}`);
  expect(page.status).toBe(200);
  return [...page.text.matchAll(/<td>([^<]*)<\/td>\s*<td>[^<]*<\/td>\s*<td class="small">([^<]*)<\/td>/g)].map((m) => `${m[1]} | ${m[2]!.replace(/&gt;/g, '>')}`);
}

describe('audit log', () => {
  it('records what an administrator does to users and roles', async () => {
    await admin.get('/settings/roles');
    expect((await admin.post('/settings/roles', { name: 'Couriers', copyFrom: '' })).status).toBe(303);
    const couriers = server.ctx.db.all<{ id: number }>(sql`SELECT id FROM roles WHERE name = 'Couriers'`)[0]!.id;
    const manager = roleByCode(server.ctx.db, 'manager')!.id;

    await admin.get(`/settings/users/${boris}`);
    const profile = { fullName: 'Boris', email: 'boris@example.com', locale: 'en', absentUntil: '' };
    expect((await admin.post(`/settings/users/${boris}`, { ...profile, roleIds: [String(couriers)], departmentIds: [String(east)] })).status).toBe(303);
    expect((await admin.post(`/settings/users/${boris}`, { ...profile, fullName: 'Boris B.', roleIds: [String(couriers)], departmentIds: [String(east)] })).status).toBe(303);
    expect((await admin.post(`/settings/users/${boris}/password`, { password: 'Fresh-pass-99', passwordConfirm: 'Fresh-pass-99' })).status).toBe(303);
    expect((await admin.post(`/settings/users/${boris}/deactivate`, {})).status).toBe(303);
    expect((await admin.post(`/settings/users/${boris}/reactivate`, {})).status).toBe(303);
    expect((await admin.post(`/settings/users/${boris}`, { ...profile, roleIds: [String(manager)], departmentIds: [String(east)] })).status).toBe(303);
    expect((await admin.post(`/settings/roles/${couriers}/delete`, {})).status).toBe(303);

    const mine = await rows('user=1');
    const details = `id: ${boris}; email: boris@example.com`;
    expect(mine).toEqual([
      `Role deleted | id: ${couriers}; name: Couriers`,
      `User changed | ${details}; roleIds: ${manager}; departmentIds: ${east}; changed: roles: Couriers → manager`,
      `User reactivated | ${details}`,
      `User deactivated | ${details}`,
      `Password set by an administrator | ${details}`,
      `User changed | ${details}; roleIds: ${couriers}; departmentIds: ${east}`,
      `User changed | ${details}; roleIds: ${couriers}; departmentIds: ${east}; changed: roles: manager → Couriers, departments: — → East`,
      `Role created | id: ${couriers}; name: Couriers; copiedFrom: null`,
      'Signed in | ',
    ]);
    expect(await rows('kind=user.passwordReset')).toEqual([`Password set by an administrator | ${details}`]);
  });

  it('records changes of the department tree, which decides the department scopes', async () => {
    await admin.get('/settings/departments');
    expect((await admin.post('/settings/departments', { name: 'West', parentId: '', headUserId: '' })).status).toBe(303);
    const west = server.ctx.db.all<{ id: number }>(sql`SELECT id FROM departments WHERE name = 'West'`)[0]!.id;
    expect((await admin.post(`/settings/departments/${west}`, { name: 'West', parentId: String(east), headUserId: String(boris) })).status).toBe(303);
    expect((await admin.post(`/settings/departments/${west}`, { name: 'West', parentId: String(east), headUserId: String(boris) })).status).toBe(303);
    expect((await admin.post(`/settings/departments/${west}/delete`, {})).status).toBe(303);
    expect((await rows('user=1')).slice(0, 3)).toEqual([
      `Department deleted | id: ${west}; name: West`,
      `Department changed | id: ${west}; name: West; changed: parent: — → East, head: — → Boris`,
      `Department created | id: ${west}; name: West; parent: —; head: —`,
    ]);
  });

  it('records sign-ins that fail and are refused while locked, with the address; filters by day', async () => {
    const stranger = new Client(server.url);
    for (let i = 0; i < 6; i++) await stranger.signIn('boris@example.com', 'not the password');
    expect(await rows('kind=signin.failed')).toEqual(Array(5).fill('Failed sign-in | email: boris@example.com'));
    expect(await rows('kind=signin.locked')).toEqual(['Sign-in refused: locked | email: boris@example.com']);
    expect((await admin.get('/settings/audit?kind=signin.locked')).text).toContain('<td>127.0.0.1</td>');

    const today = new Date(server.ctx.clock.now()).toLocaleDateString('sv-SE', { timeZone: 'Europe/Moscow' });
    expect(await rows(`kind=signin.locked&from=${today}&to=${today}`)).toHaveLength(1);
    expect(await rows('kind=signin.locked&to=2020-01-01')).toEqual([]);
  });
});
