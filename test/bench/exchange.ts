/**
 * The 1C exchange at scale: a catalog of 50 000 products in 200 nested groups with 50 000 offers
 * (two price types, stock in three warehouses), sent the way 1C sends it — checkauth, init, files
 * in pieces of file_limit, import repeated until success — to a Prosto server in its own process
 * (the built executable when PROSTO_EXECUTABLE is set). Measures the wall time of the exchange, the
 * server's peak RSS and CPU time, and how long a page of the CRM takes while the import runs.
 *   npm run bench:exchange             (BENCH_PRODUCTS=n for another size)
 */
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import Database from 'better-sqlite3';
import { freePort, runProsto, startProsto } from '../support/cli.js';
import { tempDir } from '../support/context.js';
import { Client } from '../support/http-client.js';
import { OneCClient } from '../support/onec-client.js';
import { ADMIN } from '../support/server.js';
import { writeSection } from './report.js';

const PRODUCTS = Number(process.env.BENCH_PRODUCTS ?? 50_000);
const GROUPS = 200;

function writeFile(file: string, parts: Iterable<string>): void {
  const fd = fs.openSync(file, 'w');
  let buffer = '';
  for (const part of parts) {
    buffer += part;
    if (buffer.length > 1 << 20) {
      fs.writeSync(fd, buffer);
      buffer = '';
    }
  }
  fs.writeSync(fd, buffer);
  fs.closeSync(fd);
}

const id = (kind: string, n: number) => `${kind}${String(n).padStart(8, '0')}-0000-4000-8000-000000000000`;

function* importXml(): Generator<string> {
  yield '\ufeff<?xml version="1.0" encoding="UTF-8"?>\n<КоммерческаяИнформация xmlns="urn:1C.ru:commerceml_2" ВерсияСхемы="2.07" ДатаФормирования="2026-03-01T10:00:00">\n<Классификатор><Ид>c</Ид><Наименование>Классификатор</Наименование><Группы>\n';
  for (let g = 0; g < GROUPS / 10; g++) {
    yield `<Группа><Ид>${id('g', g)}</Ид><Наименование>Раздел ${g}</Наименование><Группы>`;
    for (let s = 1; s < 10; s++) yield `<Группа><Ид>${id('g', g * 10 + s)}</Ид><Наименование>Подраздел ${g}.${s}</Наименование></Группа>`;
    yield '</Группы></Группа>\n';
  }
  yield '</Группы><Свойства><Свойство><Ид>p1</Ид><Наименование>Цвет</Наименование><ТипЗначений>Справочник</ТипЗначений><ВариантыЗначений><Справочник><ИдЗначения>v1</ИдЗначения><Значение>Красный</Значение></Справочник></ВариантыЗначений></Свойство></Свойства></Классификатор>\n';
  yield '<Каталог СодержитТолькоИзменения="false"><Ид>c</Ид><ИдКлассификатора>c</ИдКлассификатора><Наименование>Каталог</Наименование><Товары>\n';
  for (let i = 0; i < PRODUCTS; i++) {
    yield `<Товар><Ид>${id('t', i)}</Ид><Артикул>A-${i}</Артикул><Наименование>Товар номер ${i} для проверки обмена</Наименование><БазоваяЕдиница Код="796" НаименованиеПолное="Штука" МеждународноеСокращение="PCE">шт</БазоваяЕдиница><Группы><Ид>${id('g', i % GROUPS)}</Ид></Группы><Описание>Описание товара ${i}</Описание><ЗначенияСвойств><ЗначенияСвойства><Ид>p1</Ид><Значение>v1</Значение></ЗначенияСвойства></ЗначенияСвойств><СтавкиНалогов><СтавкаНалога><Наименование>НДС</Наименование><Ставка>20</Ставка></СтавкаНалога></СтавкиНалогов><ЗначенияРеквизитов><ЗначениеРеквизита><Наименование>ВидНоменклатуры</Наименование><Значение>Товар</Значение></ЗначениеРеквизита></ЗначенияРеквизитов></Товар>\n`;
  }
  yield '</Товары></Каталог></КоммерческаяИнформация>\n';
}

function* offersXml(): Generator<string> {
  yield '\ufeff<?xml version="1.0" encoding="UTF-8"?>\n<КоммерческаяИнформация xmlns="urn:1C.ru:commerceml_2" ВерсияСхемы="2.07" ДатаФормирования="2026-03-01T10:00:00">\n<ПакетПредложений СодержитТолькоИзменения="false"><Ид>c#</Ид><ИдКаталога>c</ИдКаталога><ТипыЦен>';
  yield '<ТипЦены><Ид>retail</Ид><Наименование>Розничная</Наименование><Валюта>RUB</Валюта></ТипЦены><ТипЦены><Ид>bulk</Ид><Наименование>Оптовая</Наименование><Валюта>RUB</Валюта></ТипЦены></ТипыЦен><Склады>';
  for (let w = 0; w < 3; w++) yield `<Склад><Ид>w${w}</Ид><Наименование>Склад ${w}</Наименование></Склад>`;
  yield '</Склады><Предложения>\n';
  for (let i = 0; i < PRODUCTS; i++) {
    yield `<Предложение><Ид>${id('t', i)}</Ид><Наименование>Товар номер ${i} для проверки обмена</Наименование><Цены><Цена><ИдТипаЦены>retail</ИдТипаЦены><ЦенаЗаЕдиницу>${100 + (i % 900)}.50</ЦенаЗаЕдиницу><Валюта>RUB</Валюта></Цена><Цена><ИдТипаЦены>bulk</ИдТипаЦены><ЦенаЗаЕдиницу>${90 + (i % 900)}</ЦенаЗаЕдиницу><Валюта>RUB</Валюта></Цена></Цены><Количество>${i % 30}</Количество><Склад ИдСклада="w0" КоличествоНаСкладе="${i % 10}"/><Склад ИдСклада="w1" КоличествоНаСкладе="${i % 10}"/><Склад ИдСклада="w2" КоличествоНаСкладе="${i % 10}"/></Предложение>\n`;
  }
  yield '</Предложения></ПакетПредложений></КоммерческаяИнформация>\n';
}

/** Peak resident memory (VmHWM) and CPU seconds (user + system) of a process, from /proc. */
function processFigures(pid: number): { peakMb: number; cpuS: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const peakKb = Number(/VmHWM:\s+(\d+)/.exec(status)![1]);
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  const ticks = Number(stat[11]) + Number(stat[12]);
  return { peakMb: peakKb / 1024, cpuS: ticks / 100 };
}

async function main() {
  // BENCH_FILES=<folder> only writes the two files there, for profiling an import by hand.
  const dir = process.env.BENCH_FILES ?? tempDir('prosto-bench-exchange-');
  writeFile(path.join(dir, 'import.xml'), importXml());
  writeFile(path.join(dir, 'offers.xml'), offersXml());
  if (process.env.BENCH_FILES) return;
  const sizes = ['import.xml', 'offers.xml'].map((f) => fs.statSync(path.join(dir, f)).size);

  const data = path.join(dir, 'data');
  const made = await runProsto(['create-admin', '--data', data, '--email', ADMIN.email, '--name', ADMIN.fullName, '--company', 'ООО Вектор', '--language', 'ru'], `${ADMIN.password}\n${ADMIN.password}\n`);
  if (made.code !== 0) throw new Error(`create-admin: ${made.stderr}`);
  const port = await freePort();
  const server = await startProsto(['--data', data, '--backup-time', 'off'], port);
  const pid = server.child.pid!;
  const url = `http://127.0.0.1:${port}`;
  const idle = processFigures(pid);
  const onec = new OneCClient(url, ADMIN.email, ADMIN.password);
  const user = new Client(url);
  await user.signIn(ADMIN.email, ADMIN.password);

  // A user keeps opening a page while 1C exchanges: the slowest answer says whether the server stayed usable.
  let importing = true;
  const pageMs: number[] = [];
  const browsing = (async () => {
    while (importing) {
      const t0 = performance.now();
      await user.get('/deals');
      pageMs.push(performance.now() - t0);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  })();

  const load = os.loadavg()[0]!;
  const t0 = performance.now();
  await onec.checkauth('catalog');
  const { fileLimit } = await onec.init('catalog');
  let requests = 2;
  const seconds: Record<string, number> = {};
  for (const name of ['import.xml', 'offers.xml']) {
    const started = performance.now();
    const fd = fs.openSync(path.join(dir, name), 'r');
    const piece = Buffer.alloc(fileLimit);
    for (let n; (n = fs.readSync(fd, piece, 0, fileLimit, null)) > 0; ) {
      const a = await onec.send({ type: 'catalog', mode: 'file', filename: name }, { body: Buffer.from(piece.subarray(0, n)), method: 'POST' });
      requests++;
      if (a.lines[0] !== 'success') throw new Error(`file: ${a.lines.join(' / ')}`);
    }
    fs.closeSync(fd);
    const done = await onec.importUntilDone('catalog', name);
    requests += done.progress + 1;
    if (done.last.lines[0] !== 'success') throw new Error(`import ${name}: ${done.last.lines.join(' / ')}`);
    seconds[name] = (performance.now() - started) / 1000;
  }
  const totalS = (performance.now() - t0) / 1000;
  importing = false;
  await browsing;
  const figures = processFigures(pid);
  await server.stop();

  const db = new Database(path.join(data, 'prosto.db'), { readonly: true });
  const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
  const products = count("SELECT count(*) AS n FROM products WHERE origin = '1c' AND deleted_at IS NULL");
  const priced = count('SELECT count(*) AS n FROM product_prices');
  const stock = count('SELECT count(*) AS n FROM product_stock');
  db.close();
  const sorted = [...pageMs].sort((a, b) => a - b);
  const p = (q: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? 0);
  fs.rmSync(dir, { recursive: true, force: true });

  const runtime = process.env.PROSTO_EXECUTABLE ? 'the single executable' : `the source tree through tsx on Node ${process.version}`;
  const ok = totalS <= 30 && figures.peakMb <= 250;
  const summary = `## 1C exchange (${new Date().toISOString().slice(0, 10)})

\`npm run bench:exchange\` — a catalog of ${PRODUCTS} products in ${GROUPS} nested groups (import.xml, ${(sizes[0]! / 1e6).toFixed(1)} MB) and ${PRODUCTS} offers with two price types and stock in three warehouses (offers.xml, ${(sizes[1]! / 1e6).toFixed(1)} MB), sent as 1C sends them: checkauth, init, pieces of file_limit (1 MiB), import repeated while it answers "progress" (2 s slices), to a Prosto server (${runtime}) in its own process. Meanwhile a signed-in user opens the deals list every 200 ms. Targets: the whole exchange ≤ 30 s, the server's peak RSS ≤ 250 MB. "Server CPU" is the server process's user + system time over the whole run; the machine is shared, so the wall time depends on the load (the load average when the exchange started is given).

| exchange, total | import.xml (upload + import) | offers.xml (upload + import) | requests | products / prices / stock rows | server peak RSS (idle before) | server CPU | load average | deals page while importing: p50 / p95 / max | within targets |
|---|---|---|---|---|---|---|---|---|---|
| ${totalS.toFixed(1)} s | ${seconds['import.xml']!.toFixed(1)} s | ${seconds['offers.xml']!.toFixed(1)} s | ${requests} | ${products} / ${priced} / ${stock} | ${Math.round(figures.peakMb)} MB (${Math.round(idle.peakMb)} MB) | ${figures.cpuS.toFixed(1)} s | ${load.toFixed(1)} | ${p(0.5)} / ${p(0.95)} / ${Math.round(sorted[sorted.length - 1] ?? 0)} ms | ${ok ? 'yes' : 'no'} |
`;
  console.log(summary);
  writeSection('exchange', summary);
}

void main();
