// The floor of each recorded page (test/bench/floor.ts): plain Express answers GET /<n> by running the
// n-th page's statements, as recorded, and sending its recorded body. No session, rights, SQL building
// or rendering. Usage: node floor.mjs <db-file> <recording.json> <port>
import fs from 'node:fs';
import express from 'express';
import Database from 'better-sqlite3';

const [file, recording, port] = process.argv.slice(2);
// Under another Node than node_modules was built for (the executable's), the bench hands over a matching addon.
const nativeBinding = process.env.REFERENCE_SQLITE_ADDON;
const db = new Database(file, { ...(nativeBinding ? { nativeBinding } : {}) });
// The page cache Prosto gives its connection (src/db/connection.ts).
db.pragma('cache_size = -65536');
const pages = JSON.parse(fs.readFileSync(recording, 'utf8')).map((page) => ({
  body: page.body,
  contentType: page.contentType,
  statements: page.statements.map((s) => {
    const statement = db.prepare(s.sql);
    if (s.raw) statement.raw(true);
    if (s.pluck) statement.pluck(true);
    // An iterator does its work as it is read: read it whole, as `all` does.
    return { run: statement[s.method === 'iterate' ? 'all' : s.method].bind(statement), args: s.args };
  }),
}));
const app = express();
app.get('/:n', (req, res) => {
  const page = pages[Number(req.params.n)];
  for (const s of page.statements) s.run(...s.args);
  res.type(page.contentType).send(page.body);
});
app.listen(Number(port), '127.0.0.1', () => console.log('ready'));
