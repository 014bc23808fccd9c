import { Router } from 'express';
import type { AppContext } from '../../context.js';
import { migrationStatus } from '../../db/migrate.js';
import { VERSION } from '../../version.js';

/** GET /healthz: for the installer, monitoring and load balancers. 503 with a reason when the database is not usable. */
export function healthRoutes(ctx: AppContext): Router {
  const r = Router();
  r.get('/healthz', (_req, res) => {
    let db = 'ok';
    try {
      ctx.sqlite.prepare('SELECT 1').get();
      if (migrationStatus(ctx.sqlite).pending.length > 0) db = 'migrations pending';
    } catch (err) {
      db = (err as Error).message;
    }
    res.set('Cache-Control', 'no-store');
    res.status(db === 'ok' ? 200 : 503).json({ status: db === 'ok' ? 'ok' : 'error', version: VERSION, db });
  });
  return r;
}
