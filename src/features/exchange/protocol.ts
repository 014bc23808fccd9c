import fs from 'node:fs';
import path from 'node:path';
import type { AppContext } from '../../context.js';
import { inside, safeRelativePath } from '../../integrations/commerceml/paths.js';
import type { CurrentUser } from '../../platform/auth/sessions.js';
import { translator, type Locale, type MessageKey } from '../../platform/i18n/index.js';
import { dropTasks, findTask, hasArchives, startImport, startUnzip, waitFor, type Task } from './importer.js';
import { answerInfo, answerQuery, commitQuery } from './query.js';
import { pruneLog } from './queries.js';
import { checkCredentials, findExchangeSession, openSession, parseBasic, sessionForUser, EXCHANGE_COOKIE, type ExchangeSession } from './sessions.js';
import { exchangeSettings } from './settings.js';
import { exchangeSink, type ExchangeType } from './sink.js';

/**
 * The 1C ↔ site exchange protocol as 1C-Bitrix speaks it (docs/commerceml.md §1): one command per
 * request, selected by `type` and `mode`, answered with lines of text (or, for `query`, an XML
 * document). This module knows the protocol, not HTTP: the endpoint hands it a request and sends
 * back what it returns. Every refusal is an ExchangeFailure, answered `failure\n<reason>`.
 */
export interface ExchangeRequest {
  type?: string;
  mode?: string;
  filename?: string;
  /** Sent by newer 1C modules at `init` of a sale exchange: the new (import-after-file) protocol. */
  version?: string;
  authorization?: string;
  cookieToken?: string;
  ip: string;
  /** The raw request body: a file or a piece of one for `mode=file`. */
  body: AsyncIterable<Buffer>;
}

export type ExchangeAnswer =
  | { kind: 'text'; lines: string[]; cookie?: { name: string; value: string }; user?: CurrentUser }
  | { kind: 'xml'; body: Buffer; encoding: 'windows-1251' | 'utf-8'; summary: string; user?: CurrentUser };

export class ExchangeFailure extends Error {
  constructor(
    readonly key: MessageKey,
    readonly params: Record<string, string | number> = {},
    readonly user?: CurrentUser,
  ) {
    super(key);
  }
}

/** How much one upload may bring in total: a catalog with its pictures, with room to spare. */
const MAX_SESSION_BYTES = 8 * 1024 ** 3;
/** The exchange log keeps this many days (pruned at each sign-in of 1C). */
const LOG_DAYS = 30;

interface SessionState {
  /** The sale exchange announced `version` at init: files are imported at `mode=import`. */
  saleImportAfterFile: boolean;
}

const states = new WeakMap<AppContext, Map<string, SessionState>>();

function stateOf(ctx: AppContext, session: ExchangeSession): SessionState {
  let map = states.get(ctx);
  if (!map) states.set(ctx, (map = new Map()));
  let state = map.get(session.id);
  if (!state) map.set(session.id, (state = { saleImportAfterFile: false }));
  return state;
}

export async function handleExchange(ctx: AppContext, req: ExchangeRequest): Promise<ExchangeAnswer> {
  const type = req.type === 'catalog' || req.type === 'sale' ? req.type : null;
  const mode = req.mode ?? '';
  if (mode === 'checkauth') return checkauth(ctx, req, type);
  const session = await authenticate(ctx, req);
  try {
    if (!type) throw new ExchangeFailure('exchange.failure.badType');
    const answer = await command(ctx, req, type, mode, session);
    return { ...answer, user: session.user };
  } catch (err) {
    if (err instanceof ExchangeFailure) throw new ExchangeFailure(err.key, err.params, session.user);
    throw err;
  }
}

async function command(ctx: AppContext, req: ExchangeRequest, type: ExchangeType, mode: string, session: ExchangeSession): Promise<ExchangeAnswer> {
  switch (mode) {
    case 'init':
      return init(ctx, req, type, session);
    case 'file':
      return file(ctx, req, type, session);
    case 'import':
      return importFile(ctx, req, type, session);
    case 'query':
      if (type !== 'sale') throw new ExchangeFailure('exchange.failure.unknownMode', { mode });
      return answerQuery(ctx, session);
    case 'success':
      if (type !== 'sale') throw new ExchangeFailure('exchange.failure.unknownMode', { mode });
      commitQuery(ctx, session);
      return text('success');
    case 'info':
      if (type !== 'sale') throw new ExchangeFailure('exchange.failure.unknownMode', { mode });
      return answerInfo(ctx);
    case 'deactivate':
      // A full unload (СодержитТолькоИзменения="false") already deactivated what it did not name.
      return text('success');
    case 'complete':
      dropTasks(ctx, `${session.id}:`);
      fs.rmSync(session.dir, { recursive: true, force: true });
      return text('success');
    default:
      throw new ExchangeFailure('exchange.failure.unknownMode', { mode: mode || '—' });
  }
}

function text(...lines: string[]): ExchangeAnswer {
  return { kind: 'text', lines };
}

async function checkauth(ctx: AppContext, req: ExchangeRequest, type: ExchangeType | null): Promise<ExchangeAnswer> {
  const credentials = parseBasic(req.authorization);
  if (!credentials) throw new ExchangeFailure('exchange.failure.noCredentials');
  const result = await checkCredentials(ctx, credentials, req.ip);
  if (!result.ok) throw new ExchangeFailure(result.reason === 'noRight' ? 'exchange.failure.noRight' : result.reason === 'locked' ? 'exchange.failure.locked' : 'exchange.failure.badCredentials');
  pruneLog(ctx.db, ctx.clock.now() - LOG_DAYS * 24 * 60 * 60_000);
  const { token } = openSession(ctx, result.user, req.ip);
  // As Bitrix answers: the cookie, then sessid (newer 1C modules echo it back) and, for the catalog, the time.
  const lines = ['success', EXCHANGE_COOKIE, token, `sessid=${token}`];
  if (type === 'catalog') lines.push(`timestamp=${Math.floor(ctx.clock.now() / 1000)}`);
  return { kind: 'text', lines, cookie: { name: EXCHANGE_COOKIE, value: token }, user: result.user };
}

async function authenticate(ctx: AppContext, req: ExchangeRequest): Promise<ExchangeSession> {
  if (req.cookieToken) {
    const session = findExchangeSession(ctx, req.cookieToken);
    if (session) return session;
  }
  const credentials = parseBasic(req.authorization);
  if (credentials) {
    const result = await checkCredentials(ctx, credentials, req.ip);
    if (result.ok) return sessionForUser(ctx, result.user, req.ip);
    throw new ExchangeFailure(result.reason === 'noRight' ? 'exchange.failure.noRight' : 'exchange.failure.badCredentials');
  }
  throw new ExchangeFailure('exchange.failure.notSignedIn');
}

function init(ctx: AppContext, req: ExchangeRequest, type: ExchangeType, session: ExchangeSession): ExchangeAnswer {
  const settings = exchangeSettings(ctx.db);
  // Uploads are appended, so every exchange starts from an empty folder (as Bitrix and wc1c do).
  dropTasks(ctx, `${session.id}:`);
  fs.rmSync(session.dir, { recursive: true, force: true });
  fs.mkdirSync(session.dir, { recursive: true });
  const lines = [`zip=${settings.zip ? 'yes' : 'no'}`, `file_limit=${settings.fileLimit}`];
  if (type === 'sale') {
    const state = stateOf(ctx, session);
    state.saleImportAfterFile = Boolean(req.version);
    if (req.version) lines.push(`sessid=${session.id.slice(0, 32)}`, 'version=2.09');
  }
  return text(...lines);
}

function safeName(filename: string | undefined): string {
  const name = safeRelativePath(filename);
  if (name === null) throw new ExchangeFailure(filename ? 'exchange.failure.badFilename' : 'exchange.failure.noFilename', { filename: filename ?? '' });
  return name;
}

async function file(ctx: AppContext, req: ExchangeRequest, type: ExchangeType, session: ExchangeSession): Promise<ExchangeAnswer> {
  const name = safeName(req.filename);
  const settings = exchangeSettings(ctx.db);
  const target = inside(session.dir, name);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const before = fs.existsSync(target) ? fs.statSync(target).size : 0;
  const used = folderBytes(session.dir);
  // A piece may be a little over the limit we announced (1C counts in its own way); never far over.
  const maxPiece = settings.fileLimit + 64 * 1024;
  let received = 0;
  const out = fs.openSync(target, 'a');
  try {
    for await (const chunk of req.body) {
      received += chunk.length;
      if (received > maxPiece) throw new ExchangeFailure('exchange.failure.pieceTooLarge', { limit: settings.fileLimit });
      if (used + received > MAX_SESSION_BYTES) throw new ExchangeFailure('exchange.failure.uploadTooLarge');
      fs.writeSync(out, chunk);
    }
  } catch (err) {
    fs.ftruncateSync(out, before);
    throw err;
  } finally {
    fs.closeSync(out);
  }
  // A file sent again after it was imported is new content: forget the old result.
  dropTasks(ctx, `${session.id}:file:${name}`);
  if (type === 'sale' && !stateOf(ctx, session).saleImportAfterFile && !name.toLowerCase().endsWith('.zip')) {
    // The old sale protocol has no `import`: Bitrix imports the orders in this same request.
    const task = importTask(ctx, session, type, name);
    await task.settled;
    return finished(task, name, session.user);
  }
  return text('success');
}

function folderBytes(dir: string): number {
  if (!fs.existsSync(dir)) return 0;
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += fs.statSync(path.join(entry.parentPath, entry.name)).size;
  }
  return total;
}

function importTask(ctx: AppContext, session: ExchangeSession, type: ExchangeType, name: string): Task {
  const key = `${session.id}:file:${name}`;
  return (
    findTask(ctx, key) ??
    startImport(ctx, key, {
      file: inside(session.dir, name),
      name,
      source: 'http',
      sink: exchangeSink,
      at: { ctx, type, dir: session.dir, user: session.user },
    })
  );
}

async function importFile(ctx: AppContext, req: ExchangeRequest, type: ExchangeType, session: ExchangeSession): Promise<ExchangeAnswer> {
  const name = safeName(req.filename);
  const { sliceMs } = exchangeSettings(ctx.db);
  const unzipKey = `${session.id}:unzip`;
  let unzipping = findTask(ctx, unzipKey);
  if (!unzipping && hasArchives(session.dir)) unzipping = startUnzip(ctx, unzipKey, session.dir);
  if (unzipping && unzipping.status.state !== 'done') {
    await waitFor(unzipping, sliceMs);
    if (unzipping.status.state === 'failed') return failed(unzipping, session.user);
    if (unzipping.status.state === 'running') return progress(session.user, 'exchange.progress.unzip', {});
  }
  if (name.toLowerCase().endsWith('.zip')) return text('success', t(session.user, 'exchange.progress.unzipped', {}));
  if (!fs.existsSync(inside(session.dir, name))) throw new ExchangeFailure('exchange.failure.noFile', { filename: name });
  const task = importTask(ctx, session, type, name);
  if (task.status.state === 'running') await waitFor(task, sliceMs);
  return finished(task, name, session.user);
}

function finished(task: Task, name: string, user: CurrentUser): ExchangeAnswer {
  const s = task.status;
  if (s.state === 'failed') return failed(task, user);
  if (s.state === 'running') {
    return s.stage === 'check'
      ? progress(user, 'exchange.progress.check', { file: name, n: s.processed })
      : progress(user, 'exchange.progress.write', { file: name, n: s.processed, total: s.total ?? 0 });
  }
  return text('success', t(user, 'exchange.done', { file: name, counts: countsText(user.locale, s.counts) }));
}

function failed(task: Task, user: CurrentUser): never {
  throw new ExchangeFailure(task.status.error!.key, task.status.error!.params, user);
}

function progress(user: CurrentUser, key: MessageKey, params: Record<string, string | number>): ExchangeAnswer {
  return text('progress', t(user, key, params));
}

/** Messages in the exchange user's language (the language of the people reading 1C's log). */
function t(user: CurrentUser, key: MessageKey, params: Record<string, string | number>): string {
  return translator(user.locale)(key, params);
}

/** "products: 36, groups: 1" in the user's language. */
export function countsText(locale: Locale, counts: Record<string, number>): string {
  const tr = translator(locale);
  const parts = Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${tr(`exchange.count.${k}` as MessageKey)}: ${n}`);
  return parts.length ? parts.join(', ') : tr('exchange.count.nothing');
}
