import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { Client } from '../support/http-client.js';
import { addUser, setUpCompany, startTestServer, type TestServer } from '../support/server.js';
import { createDeal, moveDeal } from '../../src/features/deals/service.js';
import { createDepartment } from '../../src/features/departments/service.js';
import { findUser, setUserRoles } from '../../src/features/users/queries.js';
import { createRole, updateRole } from '../../src/features/roles/service.js';
import { filledMatrix } from '../../src/platform/access/model.js';
import { toCurrentUser } from '../../src/platform/auth/sessions.js';

/**
 * Issue 19.5: the dashboard on the home page. Deals, all opened this month:
 *   One (Sales):  a RUB 1 000.00 won, b RUB 250.00 won, c RUB 400.00 lost, d RUB 99.00 open
 *   Two (Retail): e RUB 3 000.00 won, f RUB 10.00 open
 * so this month the director counts 6 deals, 3 won, 1 lost, revenue 4 250.00; Manager One 4, 2, 1, 1 250.00.
 */
let server: TestServer;
let director: Client;
let head: Client;
let one: Client;
let outsider: Client;

beforeAll(async () => {
  server = await startTestServer();
  const { ctx } = server;
  await setUpCompany(ctx);
  const admin = toCurrentUser(ctx.db, findUser(ctx.db, 1)!);
  const sales = createDepartment(ctx, { name: 'Sales', parentId: null, headUserId: null });
  const retail = createDepartment(ctx, { name: 'Retail', parentId: null, headUserId: null });
  await addUser(ctx, { email: 'director@example.com', password: 'Dashboard-pass-1', fullName: 'Director', role: 'director' });
  await addUser(ctx, { email: 'head@example.com', password: 'Dashboard-pass-1', fullName: 'Head', role: 'head', departmentIds: [sales.id] });
  const oneId = (await addUser(ctx, { email: 'one@example.com', password: 'Dashboard-pass-1', fullName: 'Manager One', role: 'manager', departmentIds: [sales.id] })).id;
  const twoId = (await addUser(ctx, { email: 'two@example.com', password: 'Dashboard-pass-1', fullName: 'Manager <b>Two</b>', role: 'manager', departmentIds: [retail.id] })).id;
  const stage = (code: string) => ctx.db.get<{ id: number }>(sql`SELECT id FROM stages WHERE code = ${code}`)!.id;
  const deal = (title: string, who: number, amount: string, to: string | null) => {
    const id = createDeal(ctx, admin, {
      title, stageId: stage('new'), amount, currency: 'RUB', probability: null, typeId: null, sourceId: null, expectedClose: null,
      contactId: null, companyId: null, responsibleId: who, everyone: false, comments: null,
    }).id;
    if (to) moveDeal(ctx, admin, id, stage(to));
  };
  deal('a', oneId, '1000.00', 'won');
  deal('b', oneId, '250.00', 'won');
  deal('c', oneId, '400.00', 'lost');
  deal('d', oneId, '99.00', null);
  deal('e', twoId, '3000.00', 'won');
  deal('f', twoId, '10.00', null);

  const role = createRole(ctx, { userId: null, ip: null }, { name: 'Deal reader', copyFrom: null });
  updateRole(ctx, { userId: null, ip: null }, role.id, { name: 'Deal reader', m: filledMatrix((e, a) => (e === 'deal' && a === 'read' ? 'all' : 'none')), maySettings: false, mayEditCatalog: false });
  const reader = await addUser(ctx, { email: 'reader@example.com', password: 'Dashboard-pass-1', fullName: 'Reader' });
  setUserRoles(ctx.db, reader.id, [role.id]);

  const signedIn = async (email: string) => {
    const c = new Client(server.url);
    await c.signIn(email, 'Dashboard-pass-1');
    return c;
  };
  director = await signedIn('director@example.com');
  head = await signedIn('head@example.com');
  one = await signedIn('one@example.com');
  outsider = await signedIn('reader@example.com');
});

afterAll(() => server?.close());

const unescape = (s: string) => s.replace(/&amp;/g, '&').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#34;/g, '"');

/** The home page's widgets: report, the fragment that loads it, the report page it links to. */
function placeholders(html: string) {
  return [...html.matchAll(/<article class="card widget" hx-get="([^"]+)" hx-trigger="load" hx-swap="outerHTML" data-report="([^"]+)" aria-busy="true">\s*<h3><a href="([^"]+)">/g)].map((m) => ({
    report: m[2]!,
    src: unescape(m[1]!),
    href: unescape(m[3]!),
  }));
}

async function home(client: Client) {
  const res = await client.get('/');
  expect(res.status).toBe(200);
  return { html: res.text, widgets: placeholders(res.text) };
}

/** A widget's key figures as loaded by htmx (raw values: minor units, counts, tenths of a percent). */
async function figures(client: Client, src: string) {
  const res = await client.get(src, { 'HX-Request': 'true' });
  expect(res.status).toBe(200);
  expect(res.text).not.toContain('<html');
  return { html: res.text, totals: [...res.text.matchAll(/<dd data-v="([^"]*)">/g)].map((m) => m[1]!) };
}

/** The report page's totals row, empty cells left out. */
async function reportTotals(client: Client, href: string) {
  const res = await client.get(href);
  expect(res.status).toBe(200);
  const foot = res.text.slice(res.text.indexOf('<tfoot>'), res.text.indexOf('</tfoot>'));
  return [...foot.matchAll(/data-v="([^"]*)"/g)].map((m) => m[1]!).filter((v) => v !== '');
}

async function edit(client: Client, form: Record<string, string | string[]>) {
  await client.get('/dashboard/edit');
  return client.post('/dashboard/edit', form);
}

describe('the dashboard on the home page', () => {
  it('a director who never chose sees the default widgets, whose figures are those of the report pages', async () => {
    const { html, widgets } = await home(director);
    expect(widgets.map((w) => w.report)).toEqual(['funnel', 'managers', 'won']);
    // The page itself carries no figures: each widget loads them after it.
    expect(html).not.toContain('data-loaded');
    expect(html).toContain('href="/dashboard/edit"');
    for (const w of widgets) {
      expect(w.src).toBe(`/dashboard/widget?report=${w.report}&period=month`);
      expect(w.href).toMatch(new RegExp(`^/reports/${w.report}\\?from=\\d{4}-\\d{2}-01&to=\\d{4}-\\d{2}-\\d{2}$`));
      const widget = await figures(director, w.src);
      expect(widget.html).toContain(`href="${w.href.replace(/&/g, '&amp;')}"`);
      expect(widget.totals).toEqual(await reportTotals(director, w.href));
    }
    const managers = await figures(director, widgets[1]!.src);
    expect(managers.totals).toEqual(['6', '3', '1', '425000']);
    expect(managers.html).toContain('<svg');
    // A name is shown as text, never as markup.
    expect(managers.html).toContain('Manager &lt;b&gt;Two&lt;/b&gt;');
    expect(managers.html).not.toContain('<b>Two</b>');
    expect((await figures(director, widgets[2]!.src)).totals).toEqual(['3', '425000']);
  });

  it('a head gets the defaults too, with their department\'s figures', async () => {
    const { widgets } = await home(head);
    expect(widgets.map((w) => w.report)).toEqual(['funnel', 'managers', 'won']);
    expect((await figures(head, widgets[1]!.src)).totals).toEqual(['4', '2', '1', '125000']);
  });

  it('a manager has none until they add one, and theirs shows only their own figures', async () => {
    const before = await home(one);
    expect(before.html).toContain('id="dashboard-title"');
    expect(before.widgets).toEqual([]);
    const res = await edit(one, { action: 'add', newReport: 'managers', newPeriod: 'year' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/dashboard/edit');
    const after = await home(one);
    expect(after.widgets.map((w) => [w.report, w.src])).toEqual([['managers', '/dashboard/widget?report=managers&period=year']]);
    expect(after.widgets[0]!.href).toMatch(/from=\d{4}-01-01&/);
    const widget = await figures(one, after.widgets[0]!.src);
    expect(widget.totals).toEqual(['4', '2', '1', '125000']);
    expect(widget.totals).toEqual(await reportTotals(one, after.widgets[0]!.href));
    expect(widget.html).not.toContain('Two');
  });

  it('adding, moving, changing a period and removing are kept', async () => {
    const order = async () => (await home(director)).widgets.map((w) => w.src.replace('/dashboard/widget?', ''));
    // The first change makes the suggested set the director's own.
    expect((await director.get('/dashboard/edit')).text).toContain('suggested widgets');
    await edit(director, { report: ['funnel', 'managers', 'won'], period: ['month', 'month', 'month'], action: 'add', newReport: 'activity', newPeriod: 'days30' });
    expect(await order()).toEqual(['report=funnel&period=month', 'report=managers&period=month', 'report=won&period=month', 'report=activity&period=days30']);
    expect((await director.get('/dashboard/edit')).text).not.toContain('suggested widgets');
    await edit(director, { report: ['funnel', 'managers', 'won', 'activity'], period: ['month', 'month', 'month', 'days30'], action: 'up.3' });
    await edit(director, { report: ['funnel', 'managers', 'activity', 'won'], period: ['month', 'month', 'days30', 'month'], action: 'down.0' });
    expect(await order()).toEqual(['report=managers&period=month', 'report=funnel&period=month', 'report=activity&period=days30', 'report=won&period=month']);
    // The period chosen in a row is kept whichever button was pressed.
    await edit(director, { report: ['managers', 'funnel', 'activity', 'won'], period: ['quarter', 'month', 'days30', 'year'], action: 'remove.1' });
    expect(await order()).toEqual(['report=managers&period=quarter', 'report=activity&period=days30', 'report=won&period=year']);
    await edit(director, { report: ['managers', 'activity', 'won'], period: ['quarter', 'days30', 'year'], action: 'up.0' });
    expect(await order()).toEqual(['report=managers&period=quarter', 'report=activity&period=days30', 'report=won&period=year']);
    // Removing them all leaves none, not the defaults.
    await edit(director, { report: ['managers'], period: ['quarter'], action: 'remove.0' });
    expect((await home(director)).widgets).toEqual([]);
    expect((await home(director)).html).toContain('No widgets yet');
  });

  it('refuses bad input with a readable message, and keeps what was there', async () => {
    const stored = async () => (await home(head)).widgets.map((w) => w.report);
    const cases: [Record<string, string | string[]>, string][] = [
      [{ action: 'add', newReport: 'no-such-report', newPeriod: 'month' }, 'There is no such report.'],
      [{ action: 'add', newReport: 'won', newPeriod: 'week' }, 'Choose one of the periods offered.'],
      [{ report: ['funnel', 'won'], period: ['month', 'fortnight'], action: 'save' }, 'Choose one of the periods offered.'],
      [{ report: ['<script>alert(1)</script>'], period: ['month'], action: 'save' }, 'There is no such report.'],
      [{ report: ['won', 'won'], period: ['month', 'month'], action: 'save' }, 'This report over this period is already on the dashboard.'],
      [{ report: ['won'], period: ['month'], action: 'add', newReport: 'won', newPeriod: 'month' }, 'This report over this period is already on the dashboard.'],
      [{ report: ['won'], period: ['month'], action: 'remove.5' }, 'This value is not valid.'],
      [{ report: ['won'], period: ['month'], action: 'explode' }, 'This value is not valid.'],
    ];
    for (const [form, message] of cases) {
      const res = await edit(head, form);
      expect(res.status, JSON.stringify(form)).toBe(422);
      expect(res.text).toContain(message);
      expect(res.text).not.toContain('<script>alert(1)</script>');
    }
    const tooMany = await edit(head, { report: Array(12).fill('won'), period: ['month', 'quarter', 'year', 'days30', ...Array(8).fill('month')], action: 'save' });
    expect(tooMany.status).toBe(422);
    expect(await stored()).toEqual(['funnel', 'managers', 'won']);
    // Without the form's token nothing is changed.
    const forged = await head.post('/dashboard/edit', { _csrf: null, action: 'add', newReport: 'won', newPeriod: 'year' });
    expect(forged.status).toBe(403);
    expect(await stored()).toEqual(['funnel', 'managers', 'won']);
    for (const [src, message] of [
      ['/dashboard/widget?report=nope&period=month', 'There is no such report.'],
      ['/dashboard/widget?report=won&period=week', 'Choose one of the periods offered.'],
      ['/dashboard/widget?report=won', 'Choose one of the periods offered.'],
    ] as const) {
      const res = await head.get(src, { 'HX-Request': 'true' });
      expect(res.status).toBe(422);
      expect(res.text).toContain(message);
    }
  });

  it('without the report right: no dashboard, and its routes answer 403', async () => {
    const page = await outsider.get('/');
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('dashboard-title');
    expect(page.text).not.toContain('/dashboard/');
    expect((await outsider.get('/dashboard/widget?report=won&period=month', { 'HX-Request': 'true' })).status).toBe(403);
    expect((await outsider.get('/dashboard/widget?report=won&period=month')).status).toBe(403);
    expect((await outsider.get('/dashboard/edit')).status).toBe(403);
    expect((await outsider.post('/dashboard/edit', { action: 'add', newReport: 'won', newPeriod: 'month' })).status).toBe(403);
  });

  it('speaks the user\'s language', async () => {
    server.ctx.db.run(sql`UPDATE users SET locale = 'ru' WHERE email = 'head@example.com'`);
    const page = (await head.get('/')).text;
    expect(page).toContain('>Сводка</h2>');
    expect(page).toContain('>Настроить</a>');
    expect(page).toContain('Воронка продаж');
    const refused = await edit(head, { action: 'add', newReport: 'nope', newPeriod: 'month' });
    expect(refused.text).toContain('Такого отчёта нет.');
    server.ctx.db.run(sql`UPDATE users SET locale = 'en' WHERE email = 'head@example.com'`);
  });

  it('a widget opens as a page of its own without script', async () => {
    const res = await head.get('/dashboard/widget?report=won&period=quarter');
    expect(res.status).toBe(200);
    expect(res.text).toContain('<html');
    expect(res.text).toContain('data-loaded');
  });
});
