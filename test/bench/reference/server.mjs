// The ceiling for the CRM benchmark: plain Express + EJS + better-sqlite3 rendering 50 rows of the same
// contacts table — no sessions, no layout, no rights. Usage: node server.mjs <db-file> <port>
import express from 'express';
import ejs from 'ejs';
import Database from 'better-sqlite3';

const [file, port] = process.argv.slice(2);
// Under another Node than node_modules was built for (the executable's), the bench hands over a matching addon.
const nativeBinding = process.env.REFERENCE_SQLITE_ADDON;
const db = new Database(file, { readonly: true, ...(nativeBinding ? { nativeBinding } : {}) });
const rows = db.prepare('SELECT id, full_name AS name, created_at AS createdAt FROM contacts WHERE deleted_at IS NULL ORDER BY full_name, id LIMIT 50');
const template = ejs.compile('<table><% for (const r of rows) { %><tr><td><a href="/contacts/<%= r.id %>"><%= r.name %></a></td><td><%= new Date(r.createdAt).toISOString() %></td></tr><% } %></table>');
const app = express();
app.get('/contacts', (_req, res) => res.type('html').send(template({ rows: rows.all() })));
app.listen(Number(port), '127.0.0.1', () => console.log('ready'));
