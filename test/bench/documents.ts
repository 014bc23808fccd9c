// npm run bench:documents → docs/benchmarks.md, section "documents": how long an invoice PDF takes to
// make (it runs on the one request thread, so no one else is served meanwhile) and the rows editor's
// recompute, on a real migrated database.
import os from 'node:os';
import { testContext } from '../support/context.js';
import { setUpCompany } from '../support/server.js';
import { createDeal, saveDealRows } from '../../src/features/deals/service.js';
import { createFromDeal } from '../../src/features/documents/service.js';
import { pdfOf } from '../../src/features/documents/pdf.js';
import { findDocument } from '../../src/features/documents/queries.js';
import { findUser } from '../../src/features/users/queries.js';
import { toCurrentUser } from '../../src/platform/auth/sessions.js';
import { sql } from 'drizzle-orm';
import { writeSection } from './report.js';

const ctx = testContext();
await setUpCompany(ctx);
const admin = toCurrentUser(ctx.db, findUser(ctx.db, 1)!);
const stageId = ctx.db.all<{ id: number }>(sql`SELECT id FROM stages ORDER BY sort LIMIT 1`)[0]!.id;

function invoiceWith(rows: number) {
  const deal = createDeal(ctx, admin, { title: `Bench ${rows}`, stageId, amount: '', currency: 'RUB', probability: null, typeId: null, sourceId: null, expectedClose: null, contactId: null, companyId: null, responsibleId: 1, everyone: false, comments: null });
  saveDealRows(ctx, admin, deal.id, Array.from({ length: rows }, (_, i) => ({
    productId: null, name: `Ноутбук Lenovo ThinkPad X1 Carbon, поколение ${i}`, sku: `TP-${i}`, unitCode: '796', unitName: null, quantity: 2000, priceMinor: 12345678,
    discount: { kind: 'percent', bp: 1000 }, vatBp: 2000, vatIncluded: true,
  })));
  return findDocument(ctx.db, 'invoice', createFromDeal(ctx, admin, 'invoice', deal.id).id)!;
}

async function time(rows: number, runs: number) {
  const doc = invoiceWith(rows);
  await pdfOf(ctx, doc);
  const wall: number[] = [];
  const cpu: number[] = [];
  let bytes = 0;
  for (let i = 0; i < runs; i++) {
    const c = process.cpuUsage();
    const t = performance.now();
    bytes = (await pdfOf(ctx, doc)).content.length;
    wall.push(performance.now() - t);
    const u = process.cpuUsage(c);
    cpu.push((u.user + u.system) / 1000);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return { rows, wall: median(wall), cpu: median(cpu), kb: Math.round(bytes / 1024) };
}

const results = [await time(2, 15), await time(10, 15), await time(40, 8)];
const load = os.loadavg()[0]!.toFixed(1);
writeSection(
  'documents',
  `## Invoice PDF (issue 14)

\`npm run bench:documents\`: an invoice in the Russian layout made from a deal, DejaVu Sans embedded
as a subset; medians. The CPU time is what the request thread is busy for (load average ${load} on
${os.cpus().length} cores while measuring: wall times grow with the load, CPU times much less).

| rows | wall, ms | CPU, ms | size, KiB |
|---:|---:|---:|---:|
${results.map((r) => `| ${r.rows} | ${r.wall.toFixed(0)} | ${r.cpu.toFixed(0)} | ${r.kb} |`).join('\n')}

The document is made with no default font and DejaVu registered once per face: pdfkit's default
(Helvetica) is never opened, and giving the face both as the default and under a name made pdfkit
parse it twice and compare the two, which cost 320 ms of CPU for 10 rows and 1.1 s for 40 (measured
here before the change). Each document parses its own faces: a parsed face shared between documents
made later PDFs lose glyphs.`,
);
console.log(results);
ctx.sqlite.close();
