import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { ADMIN } from '../support/server.js';
import { expected, KEYS, shown, startMatrix, USERS, type Matrix } from '../support/access-matrix.js';

/**
 * Rights on the notification centre and the activity stream, over the people and deals of the access
 * matrix (test/support/access-matrix.ts): an administrator comments on every deal mentioning
 * everyone; each user is notified, and sees stream events, for exactly the deals they may read.
 */
let m: Matrix;
const email = (name: string) => (name === 'admin' ? ADMIN.email : `${name.toLowerCase()}@example.com`);

beforeAll(async () => {
  m = await startMatrix();
  const everyone = USERS.map((n) => `@${email(n)}`).join(' ');
  const admin = m.clients.admin!;
  await admin.get('/stream');
  for (const key of KEYS) await admin.post('/comments', { entity: 'deal', entityId: String(m.ids.deal[key]), text: `Matrix remark ${everyone}` });
});
afterAll(() => m.server.close());

const titles = (html: string) => shown(html, 'deal');

describe('notifications and stream events follow read rights', () => {
  it.each(USERS)('%s', async (name) => {
    const c = m.clients[name]!;
    const readable = expected[name]!.read;
    expect(titles((await c.get('/stream')).text), 'stream').toEqual(readable);
    expect(titles((await c.get('/stream?entity=deal')).text), 'stream of deals').toEqual(readable);
    const mentions = m.server.ctx.db.all<{ title: string }>(
      sql`SELECT d.title FROM notifications n JOIN deals d ON d.id = n.entity_id WHERE n.user_id = ${m.people[name]!} AND n.kind = 'mention' ORDER BY d.id`,
    );
    // The author is never notified of their own comment.
    expect(mentions.map((n) => n.title.replace(/^Matrix (\w+) deal$/, '$1')), 'mentions').toEqual(name === 'admin' ? [] : readable);
    const page = await c.get('/notifications');
    expect(titles(page.text), 'notification list').toEqual(name === 'admin' ? [] : readable);
  });
});
