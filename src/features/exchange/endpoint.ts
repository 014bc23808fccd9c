import { Router, type Request, type Response } from 'express';
import iconv from 'iconv-lite';
import type { AppContext } from '../../context.js';
import { getCompany } from '../../platform/company.js';
import { readCookies, setCookie } from '../../platform/http/cookies.js';
import { isLocale, translator, type Locale } from '../../platform/i18n/index.js';
import { handleExchange, ExchangeFailure, type ExchangeAnswer } from './protocol.js';
import { insertLog } from './queries.js';
import { EXCHANGE_COOKIE } from './sessions.js';
import { exchangeSettings } from './settings.js';

/**
 * The HTTP face of the exchange: the URLs 1C is pointed at (its own and 1C-Bitrix's), GET and POST
 * for every mode, parameters from the query string or a form body, the raw body for files. It is
 * mounted before the body parsers, the session and the CSRF check: outside callers authenticate
 * their own way (Basic at checkauth, then the exchange cookie), so CSRF does not apply — an explicit
 * exemption. Every answer is plain text (or the orders XML) and every request is logged; nothing
 * here ever answers with an HTML page, whatever fails.
 */
export const EXCHANGE_PATHS = ['/1c_exchange.php', '/bitrix/admin/1c_exchange.php'];

const MAX_FORM_BYTES = 64 * 1024;
const MAX_LOGGED_ANSWER = 500;

async function formParams(req: Request): Promise<Record<string, string>> {
  if (!req.is('application/x-www-form-urlencoded')) return {};
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_FORM_BYTES) break;
    chunks.push(chunk);
  }
  return Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
}

function stringParams(query: Request['query']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(query)) if (typeof v === 'string') out[k] = v;
  return out;
}

/** Counts the bytes of the body as the protocol reads it, for the log. */
function counted(req: Request, onBytes: (n: number) => void): AsyncIterable<Buffer> {
  return {
    async *[Symbol.asyncIterator]() {
      for await (const chunk of req as AsyncIterable<Buffer>) {
        onBytes((chunk as Buffer).length);
        yield chunk as Buffer;
      }
    },
  };
}

function companyLocale(ctx: AppContext): Locale {
  const locale = getCompany(ctx.db)?.locale;
  return isLocale(locale) ? locale : 'ru';
}

export function exchangeEndpoint(ctx: AppContext): Router {
  const r = Router();
  r.all(EXCHANGE_PATHS, async (req: Request, res: Response) => {
    const started = performance.now();
    const { textEncoding } = exchangeSettings(ctx.db);
    const params = stringParams(req.query);
    let bytesIn = 0;
    let answer: ExchangeAnswer | null = null;
    let failure: string | null = null;
    let userId: number | null = null;
    try {
      if (req.method !== 'GET' && req.method !== 'POST') throw new ExchangeFailure('exchange.failure.badMethod', { method: req.method });
      if (req.method === 'POST' && params.mode !== 'file') for (const [k, v] of Object.entries(await formParams(req))) params[k] ??= v;
      answer = await handleExchange(ctx, {
        type: params.type,
        mode: params.mode,
        filename: params.filename,
        version: params.version,
        authorization: req.get('authorization'),
        cookieToken: readCookies(req)[EXCHANGE_COOKIE],
        ip: req.ip ?? '',
        body: counted(req, (n) => (bytesIn += n)),
      });
      userId = answer.user?.id ?? null;
    } catch (err) {
      const locale = err instanceof ExchangeFailure && err.user ? err.user.locale : companyLocale(ctx);
      userId = err instanceof ExchangeFailure ? (err.user?.id ?? null) : null;
      if (err instanceof ExchangeFailure) failure = translator(locale)(err.key, err.params);
      else {
        ctx.logger.error({ err, requestId: req.id, mode: params.mode }, 'exchange request failed');
        failure = translator(locale)('exchange.failure.internal', { id: req.id });
      }
    }
    // A body not read (a refused upload) is drained so the connection stays usable for 1C's next request.
    if (!req.readableEnded) req.resume();
    let logged: string;
    if (answer?.kind === 'xml') {
      res.status(200).type(`application/xml; charset=${answer.encoding}`).send(answer.body);
      logged = answer.summary;
    } else {
      const lines = answer ? answer.lines : ['failure', failure ?? ''];
      if (answer?.cookie) setCookie(req, res, answer.cookie.name, answer.cookie.value);
      res.status(200).type(`text/plain; charset=${textEncoding}`).send(iconv.encode(lines.join('\n'), textEncoding === 'utf-8' ? 'utf8' : 'win1251'));
      logged = (answer?.cookie ? lines.map((l) => (l.includes(answer!.cookie!.value) ? l.replace(answer!.cookie!.value, '…') : l)) : lines).join('\n');
    }
    insertLog(ctx.db, {
      at: ctx.clock.now(),
      userId,
      ip: req.ip ?? null,
      method: req.method,
      type: params.type?.slice(0, 20) ?? null,
      mode: params.mode?.slice(0, 20) ?? null,
      filename: params.filename?.slice(0, 300) ?? null,
      bytesIn,
      status: 200,
      answer: logged.slice(0, MAX_LOGGED_ANSWER),
      ms: Math.round(performance.now() - started),
    });
  });
  return r;
}
