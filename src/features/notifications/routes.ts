import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../../context.js';
import { parseForm } from '../../platform/forms.js';
import { currentUser, requireUser } from '../../platform/http/guards.js';
import { idParam } from '../../platform/http/params.js';
import { notificationKinds } from '../../platform/notifications/index.js';
import { listen } from '../../platform/notifications/live.js';
import { bellOf, notificationsAfter } from '../../platform/notifications/queries.js';
import type { FieldErrors } from '../../platform/errors.js';
import { emailPrefsForm, listQuery, resumeAfter } from './form.js';
import { sessionAlive } from './queries.js';
import { emailSettings, markAllNotificationsRead, markNotificationRead, notificationList, rendered, saveEmailSettings } from './service.js';

const BATCH = 100;

/** How many notifications the bell's drop-down shows. */
const BELL_ITEMS = 8;

export function notificationRoutes(ctx: AppContext): Router {
  const r = Router();
  const idleMs = ctx.config.sessionIdleMinutes * 60_000;

  /**
   * The live stream of the signed-in user's notifications (server-sent events), one per open tab.
   * Each event's id is the notification id: a reconnecting browser sends the last one it saw as
   * Last-Event-ID and gets exactly the ones after it. Without a session the answer is 204, which
   * tells the browser to stop reconnecting.
   */
  r.get('/notifications/stream', (req, res) => {
    if (!req.user || !req.sessionId) {
      res.status(204).end();
      return;
    }
    const user = req.user;
    const sessionId = req.sessionId;
    let lastId = resumeAfter(req.get('Last-Event-ID'), req.query.after) ?? bellOf(ctx.db, user.id).latest;
    let lastUnread = -1;
    res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache, no-transform', 'X-Accel-Buffering': 'no' });
    res.write('retry: 3000\n\n');
    const flush = () => {
      for (;;) {
        const batch = notificationsAfter(ctx.db, user.id, lastId, BATCH);
        for (const n of batch) {
          const { id, text, link } = rendered(user, n);
          res.write(`id: ${id}\nevent: notification\ndata: ${JSON.stringify({ id, text, link })}\n\n`);
          lastId = id;
        }
        if (batch.length < BATCH) break;
      }
      const { unread } = bellOf(ctx.db, user.id);
      if (unread !== lastUnread) res.write(`event: unread\ndata: ${unread}\n\n`);
      lastUnread = unread;
    };
    const stop = listen(ctx.db, {
      userId: user.id,
      sessionId,
      flush,
      beat: () => {
        if (!sessionAlive(ctx.db, sessionId, ctx.clock.now(), idleMs)) return false;
        res.write(': heartbeat\n\n');
        return true;
      },
      end: () => res.end(),
    });
    res.on('close', stop);
    flush();
  });

  r.use('/notifications', requireUser);

  const showList = (req: Request, res: Response, errors: FieldErrors = {}) => {
    const user = currentUser(req);
    const query = listQuery.parse(req.query);
    const { items, nextBefore } = notificationList(ctx, user, query.before ?? null);
    // The bell's drop-down asks for the latest few only; the page (and browsers without JavaScript) get it whole.
    if (req.get('HX-Request') && req.get('HX-Target') === 'bell-panel') return res.fragment('notifications/_panel', { items: items.slice(0, BELL_ITEMS) });
    res.page('notifications/list', { title: req.t('notifications.title'), items, nextBefore, kinds: notificationKinds, email: emailSettings(ctx, user), errors });
  };

  r.get('/notifications', (req, res) => showList(req, res));

  r.post('/notifications/read-all', (req, res) => {
    const n = markAllNotificationsRead(ctx, currentUser(req));
    res.flash('notifications.allRead', { n });
    res.go('/notifications');
  });

  r.post('/notifications/settings', (req, res) => {
    const form = parseForm(emailPrefsForm, req.body);
    if (!form.ok) {
      res.status(422);
      return showList(req, res, form.errors);
    }
    saveEmailSettings(ctx, currentUser(req), form.data.email);
    res.flash('notifications.settingsSaved');
    res.go('/notifications');
  });

  /** Marks one read; with open=1 (the item's link) goes on to its record. */
  r.post('/notifications/:id/read', (req, res) => {
    const n = markNotificationRead(ctx, currentUser(req), idParam(req));
    res.go(req.body?.open ? n.link : '/notifications');
  });

  return r;
}
