import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { expected, keysOf, KEYS, owner, PHONE, shown, startMatrix, USERS, type Key, type Kind, type Matrix } from '../support/access-matrix.js';

/**
 * The access matrix on the paths around the records (issue "Access rights"): kanban boards and their
 * counts, search of every kind, pickers, related panels, filters and saved views, lead conversion,
 * duplicates, activities (their pages, a record page's Actions, the calendar, "my activities" and a
 * head's department view), then every change a user may try — a field edited in place, a comment, a
 * contact made from the deal page or linked from a company page, a rescheduled call, a quick-add, a
 * merge. People and records: test/support/access-matrix.ts.
 */
let m: Matrix;
beforeAll(async () => {
  m = await startMatrix();
});
afterAll(() => m.server.close());

const base: Record<Kind, string> = { deal: '/deals', lead: '/leads', contact: '/contacts', company: '/companies' };
const kinds: Kind[] = ['deal', 'lead', 'contact', 'company'];
/** Readers of the Retail manager's hub company and contact. */
const readsHub = (name: string) => expected[name]!.read.includes('retail');
const status = (name: string, key: Key, allowed: number, action: 'edit' | 'delete' = 'edit') =>
  expected[name]![action].includes(key) ? allowed : expected[name]!.read.includes(key) ? 403 : 404;
const db = () => m.server.ctx.db;

describe('what each user sees around the records', () => {
  it.each(USERS)('%s', async (name) => {
    const c = m.clients[name]!;
    const want = expected[name]!;
    const read = (kind: Kind) => keysOf(kind, want.read);

    // Kanban boards: the cards and each column's count (every matrix record is in the first column).
    const leadBoard = (await c.get('/leads/kanban')).text;
    expect(shown(leadBoard, 'lead'), 'lead kanban').toEqual(want.read);
    for (const board of [leadBoard, (await c.get('/deals/kanban')).text]) {
      expect(/class="column-count"[^>]*>(\d+)</.exec(board)?.[1], 'first column count').toBe(String(want.read.length));
    }
    const search = (await c.get('/search?q=Matrix')).text;
    for (const kind of kinds) expect(shown(search, kind), `search: ${kind}`).toEqual(read(kind));

    // A deal's client is named only to those who may read it: list, kanban and record page alike.
    for (const path of ['/deals', '/deals/kanban', `/deals/${m.ids.deal.open}`]) {
      const text = (await c.get(path)).text;
      expect([text.includes('Matrix hub company'), text.includes('Matrix hub contact')], `client named on ${path}`).toEqual([readsHub(name), readsHub(name)]);
    }

    for (const entity of ['contact', 'company'] as const) {
      const picker = (await c.get(`/pickers/${entity}?name=id&id_q=Matrix`)).text;
      expect(shown(picker, entity), `${entity} picker`).toEqual(read(entity));
      expect(picker.includes(`Matrix hub ${entity}`), `${entity} picker: hub`).toBe(readsHub(name));
    }

    // Related panels: the hub company's contacts and deals, the hub contact's deals.
    const company = await c.get(`/companies/${m.hubCompany}`);
    const contact = await c.get(`/contacts/${m.hubContact}`);
    if (readsHub(name)) {
      expect(shown(company.text, 'contact'), 'company page: contacts').toEqual(read('contact'));
      expect(shown(company.text, 'deal'), 'company page: deals').toEqual(want.read);
      expect(shown(contact.text, 'deal'), 'contact page: deals').toEqual(want.read);
    } else {
      expect([company.status, contact.status], 'hub pages').toEqual([404, 404]);
    }
    // A contact page names its company only to those who may read it.
    const own = await c.get(`/contacts/${m.ids.contact[read('contact')[0]!]}`);
    expect(own.text.includes('Matrix hub company'), 'contact page: its company').toBe(readsHub(name));

    // A filter narrows what the user may see and never widens it.
    const retailManager = m.people.RetailManager!;
    const inRetail = want.read.filter((k) => owner[k] === 'RetailManager');
    for (const kind of kinds) {
      expect(shown((await c.get(`${base[kind]}?f.responsible=${retailManager}`)).text, kind), `${kind} filtered by responsible`).toEqual(keysOf(kind, inRetail));
    }
    expect(shown((await c.get('/deals?f.company=hub')).text, 'deal'), 'deals filtered by an unreadable company').toEqual(readsHub(name) ? want.read : []);
    // Sorts that walk another table (users, a reference list) or sort by a client's name show the same records.
    const sorts: Record<Kind, string[]> = { deal: ['responsible', 'source', 'pipeline', 'company'], lead: ['responsible', 'source'], contact: ['responsible', 'type'], company: ['responsible', 'industry'] };
    for (const kind of kinds) {
      for (const sort of sorts[kind]) {
        for (const dir of ['asc', 'desc']) {
          expect(shown((await c.get(`${base[kind]}?sort=${sort}&dir=${dir}`)).text, kind), `${kind} sorted by ${sort} ${dir}`).toEqual(read(kind));
        }
      }
    }
    // A saved view is its filter: it shows what the filter shows, to its owner only.
    const view = await c.post('/deals/views', { name: `${name} retail`, params: `f.responsible=${retailManager}`, columns: ['title'] });
    expect(shown((await c.get(view.headers.get('location')!)).text, 'deal'), 'saved view').toEqual(inRetail);
    const other = USERS.find((u) => u !== name)!;
    expect((await m.clients[other]!.get(view.headers.get('location')!)).status, "another user's view").toBe(404);

    // Converting a lead needs the right to edit it (asked before what to make is read), and links only
    // what the user may read.
    const director = m.ids.contact.director!;
    for (const key of KEYS) {
      const url = `/leads/${m.ids.lead[key]}/convert`;
      expect((await c.post(url, { contact: 'none', company: 'none' })).status, `lead ${key} converted into nothing`).toBe(status(name, key, 422));
      if (want.edit.includes(key) && !read('contact').includes('director')) {
        expect((await c.post(url, { contact: `link:${director}`, company: 'none' })).status, `lead ${key} converted into an unseen contact`).toBe(422);
      }
    }
    expect(db().all(sql`SELECT id FROM leads WHERE converted_at IS NOT NULL`), 'converted leads').toEqual([]);

    // Duplicates: the check while typing, a record's duplicates page, and the merge comparison.
    const check = await c.post('/duplicates/check/contact', { 'comms[phone][0][value]': PHONE }, { 'HX-Request': 'true' });
    expect(shown(check.text, 'contact'), 'duplicates check').toEqual(read('contact'));
    for (const key of keysOf('contact')) {
      const page = await c.get(`/duplicates/contact/${m.ids.contact[key]}`);
      if (read('contact').includes(key)) expect(shown(page.text, 'contact'), `duplicates of ${key}`).toEqual(read('contact'));
      else expect(page.status, `duplicates of ${key}`).toBe(404);
      for (const other of keysOf('contact')) {
        const merge = await c.get(`/duplicates/contact/${m.ids.contact[key]}/merge/${m.ids.contact[other]}`);
        const wanted = status(name, key, 0) || status(name, other, 0, 'delete') || (key === other ? 409 : 200);
        expect(merge.status, `merge ${other} into ${key}`).toBe(wanted);
      }
    }

    // Activities: each call on a lead is seen by the lead's readers, in its page and in calendars.
    const pages: Key[] = [];
    for (const key of KEYS) {
      const page = await c.get(`/activities/${m.activityIds[key]}`);
      if (page.status === 200) pages.push(key);
      else expect(page.status, `activity ${key}`).toBe(404);
    }
    expect(pages, 'activity pages').toEqual(want.read);
    // A lead page's Actions show its call to every reader; completing it and adding more, to its editors.
    const offers: { complete: Key[]; add: Key[] } = { complete: [], add: [] };
    for (const key of want.read) {
      const page = (await c.get(`/leads/${m.ids.lead[key]}`)).text;
      expect(page, `lead ${key}: its call`).toContain(`Matrix ${key} call`);
      if (page.includes(`action="/activities/${m.activityIds[key]}/complete"`)) offers.complete.push(key);
      if (page.includes(`/activities/new?type=call&amp;entity=lead&amp;id=${m.ids.lead[key]}`)) offers.add.push(key);
    }
    expect(offers, 'Actions offered').toEqual({ complete: want.edit, add: want.edit });
    const day = new Date(m.server.ctx.clock.now() + 3_600_000).toLocaleDateString('sv-SE', { timeZone: 'Europe/Moscow' });
    const inCalendars = new Set<Key>();
    for (const person of new Set(Object.values(owner))) {
      for (const key of shown((await c.get(`/calendar?user=${m.people[person]}&date=${day}`)).text, 'call')) inCalendars.add(key);
    }
    expect(KEYS.filter((k) => inCalendars.has(k)), 'calendars').toEqual(want.read);
    expect(shown((await c.get('/')).text, 'call'), 'my activities').toEqual(KEYS.filter((k) => owner[k] === name));
    expect(shown((await c.get('/?scope=department')).text, 'call'), 'my department').toEqual(departmentCalls[name]);
  });
});

/**
 * "My department" is the people a user's deal read scope covers (a head: department and
 * sub-departments); a user who reads only their own has no such view and keeps their own. The
 * Director and the administrator belong to no department, so theirs is themselves.
 */
const departmentCalls: Record<string, Key[]> = {
  admin: [],
  Director: ['director'],
  SalesHead: ['sales', 'retail', 'head', 'open'],
  RetailHead: ['retail', 'open'],
  SalesManager: ['sales'],
  RetailManager: ['retail', 'open'],
  SupportManager: ['support'],
  Auditor: ['support'],
};

describe('what each user may change around the records', () => {
  it.each(USERS)('%s', async (name) => {
    const c = m.clients[name]!;
    const want = expected[name]!;
    const mark = `Changed by ${name}`;

    // A field edited in place: its editor and its save; the database holds exactly the allowed changes.
    for (const kind of kinds) {
      for (const key of keysOf(kind)) {
        const url = `${base[kind]}/${m.ids[kind][key]}/fields/comments`;
        expect((await c.get(url)).status, `${kind} ${key} editor`).toBe(status(name, key, 200));
        expect((await c.post(url, { comments: mark })).status, `${kind} ${key} saved`).toBe(status(name, key, 303));
      }
      const table = { deal: 'deals', lead: 'leads', contact: 'contacts', company: 'companies' }[kind];
      const changed = db().all<{ id: number }>(sql`SELECT id FROM ${sql.raw(table)} WHERE comments = ${mark}`).map((r) => r.id);
      expect(keysOf(kind).filter((k) => changed.includes(m.ids[kind][k]!)), `${kind} fields changed`).toEqual(keysOf(kind, want.edit));
    }

    for (const key of KEYS) {
      const deal = m.ids.deal[key]!;
      // Commenting needs read access only.
      expect((await c.post('/comments', { entity: 'deal', entityId: String(deal), text: mark })).status, `comment on ${key}`).toBe(want.read.includes(key) ? 303 : 404);
      const call = await c.post(`/activities/${m.activityIds[key]}/reschedule`, { dueAt: '2030-01-10T10:00' }, { 'HX-Request': 'true', 'X-CSRF-Token': c.csrf });
      expect(call.status, `call ${key} rescheduled`).toBe(status(name, key, 204));
      const made = await c.post(`/deals/${deal}/contacts`, { lastName: `${mark} for ${key}` });
      expect(made.status, `contact made on deal ${key}`).toBe(status(name, key, 303));
    }
    const made = db().all<{ n: string }>(sql`SELECT last_name AS n FROM contacts WHERE last_name LIKE ${`${mark} for %`} ORDER BY id`).map((r) => r.n);
    expect(made, 'contacts made from deal pages').toEqual(want.edit.map((k) => `${mark} for ${k}`));

    for (const key of keysOf('contact')) {
      const linked = await c.post(`/companies/${m.hubCompany}/contacts/link`, { contactId: String(m.ids.contact[key]) });
      expect(linked.status, `contact ${key} linked to the hub`).toBe(readsHub(name) ? status(name, key, 303) : 404);
    }

    const leadStatus = db().all<{ id: number }>(sql`SELECT id FROM lead_statuses ORDER BY sort LIMIT 1`)[0]!.id;
    const dealStage = db().all<{ id: number }>(sql`SELECT id FROM stages ORDER BY sort LIMIT 1`)[0]!.id;
    const mayAdd = name !== 'Auditor';
    expect((await c.post('/leads/quick', { title: `${mark} quick lead`, statusId: String(leadStatus) })).status, 'lead quick-add').toBe(mayAdd ? 303 : 403);
    expect((await c.post('/deals/quick', { title: `${mark} quick deal`, stageId: String(dealStage) })).status, 'deal quick-add').toBe(mayAdd ? 303 : 403);
  });

  it('a merge refused changes nothing; one allowed merges', async () => {
    const live = (key: Key) => db().all(sql`SELECT id FROM contacts WHERE id = ${m.ids.contact[key]!} AND deleted_at IS NULL`).length === 1;
    const merge = (name: string, kept: Key, other: Key) => m.clients[name]!.post(`/duplicates/contact/${m.ids.contact[kept]}/merge/${m.ids.contact[other]}`, {});
    expect((await merge('SalesManager', 'sales', 'sales')).status).toBe(403);
    expect((await merge('RetailHead', 'retail', 'sales')).status).toBe(404);
    expect((await merge('SupportManager', 'support', 'retail')).status).toBe(404);
    expect(KEYS.filter((k) => k !== 'open').every(live)).toBe(true);
    expect((await merge('SalesHead', 'head', 'sales')).status).toBe(303);
    expect([live('head'), live('sales')]).toEqual([true, false]);
  });
});
