/**
 * List export at scale (issue 18, point 3): seeds 100 000 contacts (a phone, an e-mail and a custom
 * field each) into a fresh data folder, starts Prosto on it in its own process, and downloads the
 * whole contact list as CSV and as XLSX with six columns. Measures the wall time of each download,
 * its size, the server's resident memory (sampled every 20 ms; the peak during each export), and the
 * slowest answer to a contact-list page asked for every 100 ms while the export runs.
 *   npm run bench:export             (BENCH_CONTACTS=n for another size)
 */
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { openContext } from '../../src/boot.js';
import { defaults } from '../../src/config.js';
import { completeSetup } from '../../src/features/setup/service.js';
import { normalize } from '../../src/platform/records/communications.js';
import { freePort, startProsto } from '../support/cli.js';
import { tempDir } from '../support/context.js';
import { Client } from '../support/http-client.js';
import { writeSection } from './report.js';

const CONTACTS = Number(process.env.BENCH_CONTACTS ?? 100_000);
const ADMIN = { email: 'bench@example.com', password: 'Bench-pass-123' };

async function seed(dataDir: string): Promise<void> {
  const ctx = await openContext({ ...defaults, dataDir, backupDir: path.join(dataDir, 'backups'), backupTime: 'off', logLevel: 'warn' }, { logLevel: 'warn', claim: 'serve' });
  const { sqlite } = ctx;
  await completeSetup(ctx, { locale: 'ru', fullName: 'Bench Admin', email: ADMIN.email, password: ADMIN.password, companyName: 'Бенчмарк', legalName: null, taxId: null, address: null, phone: null, timeZone: 'Europe/Moscow', baseCurrency: 'RUB' });
  const now = Date.now();
  sqlite.prepare('INSERT INTO custom_fields (entity, code, label, type, options, sort, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run('contact', 'telegram', 'Telegram', 'string', '[]', 1, now);
  const insContact = sqlite.prepare('INSERT INTO contacts (last_name, first_name, full_name, responsible_id, custom, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const comm = sqlite.prepare('INSERT INTO communications (entity, entity_id, kind, type, value, normalized, sort) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const last = ['Иванов', 'Смирнов', 'Кузнецов', 'Smith', 'Johnson', 'Фёдоров'];
  const first = ['Анна', 'Сергей', 'Мария', 'James', 'Linda', 'Артём'];
  sqlite.transaction(() => {
    for (let i = 0; i < CONTACTS; i++) {
      const l = last[i % last.length]!;
      const f = first[(i * 7) % first.length]!;
      const at = now - i * 60_000;
      const id = Number(insContact.run(l, f, `${l} ${f} ${i}`, 1, JSON.stringify({ telegram: `@user${i}` }), 1, at, at).lastInsertRowid);
      const phone = `+7 (9${String(i % 100).padStart(2, '0')}) ${String(i % 1000).padStart(3, '0')}-${String(i % 100).padStart(2, '0')}-00`;
      comm.run('contact', id, 'phone', 'mobile', phone, normalize('phone', phone), 0);
      const email = `user${i}@example.ru`;
      comm.run('contact', id, 'email', 'work', email, email, 1);
    }
  })();
  sqlite.exec('ANALYZE');
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  ctx.close();
}

const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

interface Run {
  format: string;
  seconds: number;
  bytes: number;
  rssBefore: number;
  rssPeak: number;
  slowestList: number;
  lists: number;
}

async function exportOnce(base: string, cookie: string, format: string, pid: number): Promise<Run> {
  const rssBefore = rssMb(pid);
  let rssPeak = rssBefore;
  const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, rssMb(pid))), 20);
  let running = true;
  let slowestList = 0;
  let lists = 0;
  const prober = (async () => {
    while (running) {
      const t = performance.now();
      const res = await fetch(`${base}/contacts?sort=fullName&dir=asc`, { headers: { cookie } });
      await res.text();
      if (running) (slowestList = Math.max(slowestList, performance.now() - t)), lists++;
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  const t0 = performance.now();
  const res = await fetch(`${base}/contacts/export?format=${format}&sort=fullName&dir=asc`, { headers: { cookie } });
  if (res.status !== 200) throw new Error(`export ${format} answered ${res.status}`);
  let bytes = 0;
  for await (const chunk of res.body!) bytes += (chunk as Uint8Array).length;
  const seconds = (performance.now() - t0) / 1000;
  running = false;
  clearInterval(sampler);
  await prober;
  return { format, seconds, bytes, rssBefore, rssPeak, slowestList, lists };
}

async function main() {
  const data = tempDir('prosto-bench-export-');
  const t0 = Date.now();
  await seed(data);
  console.log(`seeded ${CONTACTS} contacts in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const port = await freePort();
  const server = await startProsto(['--data', data, '--backup-time', 'off', '--log-level', 'warn'], port);
  const runs: Run[] = [];
  try {
    const base = `http://127.0.0.1:${port}`;
    const c = new Client(base);
    await c.signIn(ADMIN.email, ADMIN.password);
    await c.get('/contacts?q=');
    const chosen = await c.post('/contacts/columns', { cols: ['fullName', 'phone', 'email', 'cf_telegram', 'responsible', 'createdAt'] });
    if (chosen.status !== 303) throw new Error(`choosing columns answered ${chosen.status}`);
    const cookie = c.cookieHeader();
    for (const format of ['csv', 'xlsx']) {
      const run = await exportOnce(base, cookie, format, server.child.pid!);
      runs.push(run);
      console.log(`${format}: ${run.seconds.toFixed(2)} s, ${(run.bytes / 1e6).toFixed(1)} MB, RSS ${run.rssBefore.toFixed(0)} → peak ${run.rssPeak.toFixed(0)} MB, slowest list page meanwhile ${run.slowestList.toFixed(0)} ms of ${run.lists}`);
    }
  } finally {
    await server.stop();
    fs.rmSync(data, { recursive: true, force: true });
  }
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  writeSection(
    'export',
    `## List export (\`npm run bench:export\`)

${CONTACTS.toLocaleString('en')} contacts (phone, e-mail, a custom field), the whole contact list with six columns (name, phone, e-mail, Telegram, responsible, created), sorted by name, downloaded from a Prosto server in its own process; ${os.cpus().length} × ${cpu}, measured ${new Date().toISOString().slice(0, 10)}. Rows are read 1 000 at a time by the list's own keyset query and streamed; the server's memory is sampled every 20 ms, and a contact-list page is asked for every 100 ms meanwhile.

| format | time | size | server RSS before → peak | slowest list page during the export |
|---|---|---|---|---|
${runs.map((r) => `| ${r.format} | ${r.seconds.toFixed(2)} s | ${(r.bytes / 1e6).toFixed(1)} MB | ${r.rssBefore.toFixed(0)} → ${r.rssPeak.toFixed(0)} MB | ${r.slowestList.toFixed(0)} ms (${r.lists} pages) |`).join('\n')}
`,
  );
}

void main().catch((err) => {
  console.error(err);
  process.exit(1);
});
