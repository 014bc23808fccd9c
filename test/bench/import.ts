/**
 * Import at scale (issue 18): 100 000 contacts (last and first name, a mobile phone, a work e-mail, a
 * custom field; 1 % of the rows repeat an earlier contact's e-mail) uploaded as CSV to a Prosto server
 * in its own process and imported through the real job, duplicates checked by e-mail and phone
 * (skip). Meanwhile a second client requests the contacts list back to back; its latencies say whether
 * the server stayed usable. Then the ceiling: bare better-sqlite3 writing the same rows into the same
 * tables and indexes (contacts, communications, history, the search index) of a freshly migrated
 * database in one transaction, with prepared statements and nothing else.
 *   npm run bench:import             (BENCH_CONTACTS=n for another size)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { migrate } from '../../src/db/migrate.js';
import { openDatabase } from '../../src/db/connection.js';
import { normalize } from '../../src/platform/records/communications.js';
import { freePort, runProsto, startProsto } from '../support/cli.js';
import { tempDir } from '../support/context.js';
import { Client } from '../support/http-client.js';
import { mappingOf } from '../support/import.js';
import { ADMIN } from '../support/server.js';
import { writeSection } from './report.js';

const CONTACTS = Number(process.env.BENCH_CONTACTS ?? 100_000);
const DUPLICATE_EVERY = 100;

interface Row {
  last: string;
  first: string;
  phone: string;
  email: string;
  card: string;
}

const lastNames = ['Иванов', 'Петров', 'Смирнов', 'Кузнецов', 'Попов', 'Соколов', 'Лебедев', 'Козлов', 'Новиков', 'Морозов'];
const firstNames = ['Иван', 'Пётр', 'Алексей', 'Дмитрий', 'Сергей', 'Андрей', 'Михаил', 'Николай', 'Олег', 'Павел'];

function rows(): Row[] {
  const out: Row[] = [];
  for (let i = 0; i < CONTACTS; i++) {
    // Every hundredth row is a contact already in the file (same e-mail): the import skips it.
    const n = i % DUPLICATE_EVERY === DUPLICATE_EVERY - 1 ? i - 50 : i;
    out.push({
      last: `${lastNames[n % 10]}-${n}`,
      first: firstNames[Math.floor(n / 10) % 10]!,
      phone: `+7 916 ${String(1_000_000 + n).slice(1, 4)}-${String(n % 100).padStart(2, '0')}-${String(Math.floor(n / 100) % 100).padStart(2, '0')}`,
      email: `client${n}@example-${n % 50}.ru`,
      card: `К-${String(n).padStart(7, '0')}`,
    });
  }
  return out;
}

function csv(list: Row[]): string {
  const lines = ['Фамилия;Имя;Мобильный телефон;Рабочий e-mail;Номер карты;Ответственный'];
  for (const r of list) lines.push(`${r.last};${r.first};${r.phone};${r.email};${r.card};${ADMIN.email}`);
  return `\ufeff${lines.join('\r\n')}\r\n`;
}

const percentile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? 0;

/** The same rows into the same tables of a freshly migrated database: one transaction, prepared statements, no checks. */
function ceiling(dir: string, list: Row[]): number {
  const file = path.join(dir, 'ceiling.db');
  const { sqlite } = openDatabase(file);
  migrate(sqlite);
  sqlite.prepare("INSERT INTO users (email, full_name, password_hash, locale, created_at, updated_at) VALUES ('a@example.com', 'A', 'x', 'ru', 0, 0)").run();
  const contact = sqlite.prepare("INSERT INTO contacts (last_name, first_name, full_name, responsible_id, custom, created_by, created_at, updated_at) VALUES (?, ?, ?, 1, ?, 1, ?, ?)");
  const comm = sqlite.prepare('INSERT INTO communications (entity, entity_id, kind, type, value, normalized, sort) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const history = sqlite.prepare("INSERT INTO history (entity, entity_id, at, user_id, kind) VALUES ('contact', ?, ?, 1, 'created')");
  const search = sqlite.prepare('INSERT INTO search_contacts (rowid, body) VALUES (?, ?)');
  const seen = new Set<string>();
  const t0 = performance.now();
  sqlite.transaction(() => {
    const now = Date.now();
    for (const r of list) {
      if (seen.has(r.email)) continue;
      seen.add(r.email);
      const id = Number(contact.run(r.last, r.first, `${r.last} ${r.first}`, JSON.stringify({ card: r.card }), now, now).lastInsertRowid);
      comm.run('contact', id, 'phone', 'mobile', r.phone, normalize('phone', r.phone), 0);
      comm.run('contact', id, 'email', 'work', r.email, normalize('email', r.email), 1);
      history.run(id, now);
      search.run(id, [`${r.last} ${r.first}`, r.phone, r.email, normalize('phone', r.phone)].join(' \n '));
    }
  })();
  const ms = performance.now() - t0;
  sqlite.close();
  return ms;
}

async function main() {
  const dir = tempDir('prosto-bench-import-');
  const list = rows();
  const file = csv(list);
  const data = path.join(dir, 'data');
  const made = await runProsto(['create-admin', '--data', data, '--email', ADMIN.email, '--name', ADMIN.fullName, '--company', 'ООО Вектор', '--language', 'ru'], `${ADMIN.password}\n${ADMIN.password}\n`);
  if (made.code !== 0) throw new Error(`create-admin: ${made.stderr}`);
  const port = await freePort();
  // The start waits 20 s at most: on a busy machine tsx's first compile may take longer, so try again.
  let server: Awaited<ReturnType<typeof startProsto>> | undefined;
  for (let attempt = 1; !server; attempt++) {
    try {
      server = await startProsto(['--data', data, '--backup-time', 'off'], port);
    } catch (err) {
      if (attempt === 3) throw err;
    }
  }
  process.on('exit', (code) => {
    if (code !== 0) console.error(server.output().slice(-3000));
  });
  const url = `http://127.0.0.1:${port}`;
  const admin = new Client(url);
  await admin.signIn(ADMIN.email, ADMIN.password);
  await admin.get('/settings/fields');
  const field = await admin.post('/settings/fields', { entity: 'contact', label: 'Номер карты', code: 'card', type: 'string' });
  if (field.status !== 303) throw new Error(`custom field: ${field.status}`);

  await admin.get('/import/contact');
  const upload = await admin.postMultipart('/import/upload?entity=contact', {}, [{ field: 'file', name: 'contacts.csv', content: file }]);
  if (upload.status !== 303) throw new Error(`upload: ${upload.status} ${upload.text.slice(0, 300)}`);
  const jobUrl = upload.headers.get('location')!;
  const page = await admin.get(jobUrl);
  const mapping = mappingOf(page.text);
  if (Object.keys(mapping).length !== 6) throw new Error(`mapping: ${JSON.stringify(mapping)}`);

  // The second client: the contacts list, back to back, for as long as the import runs.
  const reader = new Client(url);
  await reader.signIn(ADMIN.email, ADMIN.password);
  let importing = true;
  const listMs: number[] = [];
  const load = os.loadavg()[0]!;
  const t0 = performance.now();
  const start = await admin.post(jobUrl, { ...mapping, duplicates: 'skip', matchBy: ['email', 'phone'], responsibleId: '1', currency: 'RUB', action: 'start' });
  if (start.status !== 303) throw new Error(`start: ${start.status}`);
  const browsing = (async () => {
    while (importing) {
      const t = performance.now();
      const res = await reader.get('/contacts');
      if (res.status !== 200) throw new Error(`list: ${res.status}`);
      listMs.push(performance.now() - t);
    }
  })();
  // The progress bar's poll, as the page does it.
  let status = 'running';
  while (status === 'running') {
    await new Promise((r) => setTimeout(r, 1000));
    const poll = await admin.get(jobUrl, { 'HX-Request': 'true', 'HX-Target': 'import-progress' });
    status = /data-status="(\w+)"/.exec(poll.text)?.[1] ?? 'unknown';
  }
  const wallS = (performance.now() - t0) / 1000;
  importing = false;
  await browsing;
  // The same list with the import done, for comparison: what a request costs without an import beside it.
  const idleMs: number[] = [];
  for (let i = 0; i < 30; i++) {
    const t = performance.now();
    await reader.get('/contacts');
    idleMs.push(performance.now() - t);
  }
  idleMs.sort((a, b) => a - b);
  await server.stop();

  const db = new Database(path.join(data, 'prosto.db'), { readonly: true });
  const job = db.prepare('SELECT * FROM import_jobs ORDER BY id DESC LIMIT 1').get() as { status: string; started_at: number; finished_at: number; created: number; skipped: number; rejected: number; position: number };
  const contacts = (db.prepare('SELECT count(*) n FROM contacts').get() as { n: number }).n;
  const withCard = (db.prepare("SELECT count(*) n FROM contacts WHERE json_extract(custom, '$.card') IS NOT NULL").get() as { n: number }).n;
  db.close();
  if (job.status !== 'done') throw new Error(`the import ended ${job.status}`);
  const jobS = (job.finished_at - job.started_at) / 1000;
  const ceilingMs = ceiling(dir, list);
  fs.rmSync(dir, { recursive: true, force: true });

  const sorted = [...listMs].sort((a, b) => a - b);
  const [p50, p95, p99] = [0.5, 0.95, 0.99].map((q) => Math.round(percentile(sorted, q)));
  const ratio = ceilingMs / 1000 / jobS;
  const ok = jobS <= 15 && p99! <= 300 && ratio >= 0.25;
  const summary = `## Import (${new Date().toISOString().slice(0, 10)})

\`npm run bench:import\` — ${CONTACTS} contacts in a CSV (${(Buffer.byteLength(file) / 1e6).toFixed(1)} MB; last and first name, a mobile phone, a work e-mail, a custom field, the responsible by e-mail; every ${DUPLICATE_EVERY}th row repeats an earlier contact's e-mail) uploaded to a Prosto server in its own process (the source tree through tsx on Node ${process.version}) and imported through the real job: each row through the contact form's parser and the import's contact writer (createContact's checks, history and search index through prepared statements), duplicates checked by e-mail and phone and skipped, batches of up to 500 rows or 100 ms. Meanwhile a second client requests the contacts list back to back. The ceiling is bare better-sqlite3 writing the same contacts into the same tables and indexes (contacts, communications, history, search index) of a freshly migrated database in one transaction; the ratio is ceiling time / import time. Targets: import ≤ 15 s, list p99 ≤ 300 ms, ratio ≥ 0.25. Load average when it started: ${load.toFixed(1)}.

| import (job) | wall incl. polling | created / skipped / rejected | contacts with the custom field | list requests | list p50 / p95 / p99 / max while importing | list p50 after | ceiling | ratio | within targets |
|---|---|---|---|---|---|---|---|---|---|
| ${jobS.toFixed(1)} s | ${wallS.toFixed(1)} s | ${job.created} / ${job.skipped} / ${job.rejected} | ${withCard} of ${contacts} | ${listMs.length} | ${p50} / ${p95} / ${p99} / ${Math.round(sorted[sorted.length - 1] ?? 0)} ms | ${Math.round(percentile(idleMs, 0.5))} ms | ${(ceilingMs / 1000).toFixed(2)} s | ${ratio.toFixed(2)} | ${ok ? 'yes' : 'no'} |
`;
  console.log(summary);
  if (!process.env.BENCH_NO_WRITE) writeSection('import', summary);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
