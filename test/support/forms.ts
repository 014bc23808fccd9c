import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import type { Client } from './http-client.js';
import type { TestServer } from './server.js';

/** Web form helpers for tests: build a form as an administrator would, and send it as a visitor would. */
export interface FieldRow {
  target: string;
  type: string;
  label?: string;
  required?: boolean;
  options?: string;
  value?: string;
}

export const defaultFields: FieldRow[] = [
  { target: 'firstName', type: 'text', label: 'Your name', required: true },
  { target: 'phone', type: 'phone', label: 'Phone', required: true },
  { target: 'email', type: 'email', label: 'E-mail' },
  { target: 'comments', type: 'textarea', label: 'Question' },
];

/** `over` replaces the defaults; null leaves a field out (an unticked checkbox). */
export function builderPost(over: Record<string, string | string[] | null> = {}, rows: FieldRow[] = defaultFields): Record<string, string | string[] | null> {
  const fields: Record<string, string> = {};
  rows.forEach((r, i) => {
    fields[`fields[${i}][target]`] = r.target;
    fields[`fields[${i}][type]`] = r.type;
    fields[`fields[${i}][label]`] = r.label ?? r.target;
    fields[`fields[${i}][sort]`] = String((i + 1) * 10);
    if (r.required) fields[`fields[${i}][required]`] = '1';
    if (r.options) fields[`fields[${i}][options]`] = r.options;
    if (r.value) fields[`fields[${i}][value]`] = r.value;
  });
  return {
    name: 'Callback', title: 'Call me back', locale: 'en', buttonText: 'Send', accentColor: '#2f6fde', backgroundColor: '#ffffff', textColor: '#1f2933',
    consent: '1', consentLabel: 'I agree to the processing of my personal data', policyText: 'We keep your data safe.',
    creates: 'lead', responsibleMode: 'one', responsibleIds: '1', afterSubmit: 'message', transfer: 'auto', active: '1',
    ...fields,
    ...over,
  };
}

/** Builds a form through the builder; returns its id and public key. */
export async function buildForm(server: TestServer, admin: Client, over: Record<string, string | string[] | null> = {}, rows: FieldRow[] = defaultFields): Promise<{ id: number; key: string }> {
  await admin.get('/leads/forms/new');
  const made = await admin.post('/leads/forms', builderPost(over, rows));
  expect(made.status, made.text.match(/class="error"[^>]*>[^<]*/g)?.join('\n')).toBe(303);
  const id = Number(made.headers.get('location')!.split('/').pop());
  const key = server.ctx.db.all<{ key: string }>(sql`SELECT key FROM web_forms WHERE id = ${id}`)[0]!.key;
  return { id, key };
}

/** The fill stamp of the hosted page, and the clock moved on as a person takes a few seconds to fill it. */
export async function stampOf(server: TestServer, key: string): Promise<string> {
  const page = await fetch(`${server.url}/forms/${key}`).then((r) => r.text());
  const stamp = /name="_stamp" value="([^"]+)"/.exec(page)![1]!;
  server.ctx.clock.advance(5_000);
  return stamp;
}

/** Posts the hosted page's form (no JavaScript): form-encoded, no cookies, no CSRF token. */
export async function submit(server: TestServer, key: string, values: Record<string, string>, path = '') {
  const res = await fetch(`${server.url}/forms/${key}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(values), redirect: 'manual' });
  return Object.assign(res, { text: await res.text() });
}

export const leadsMade = (server: TestServer) =>
  server.ctx.db.all<{ id: number; title: string; first_name: string | null; responsible_id: number; source_id: number | null; created_by: number | null; comments: string | null }>(sql`SELECT * FROM leads ORDER BY id`);
