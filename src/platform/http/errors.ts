import type { NextFunction, Request, Response } from 'express';
import type { AppContext } from '../../context.js';
import { AppError, NotFoundError } from '../errors.js';
import type { MessageKey } from '../i18n/index.js';

export function notFound(_req: Request, _res: Response, next: NextFunction): void {
  next(new NotFoundError());
}

const titles: Record<number, MessageKey> = {
  403: 'error.forbidden.title',
  404: 'error.notFound.title',
  409: 'error.conflict.title',
  413: 'error.tooLarge.title',
  422: 'error.validation',
};

/**
 * Turns every error into a page (or an htmx fragment) in the user's language with no internals.
 * Unexpected errors are logged with the request id, which the page shows so IT can find the log line.
 */
export function errorHandler(ctx: AppContext) {
  return (err: unknown, req: Request, res: Response, _next: NextFunction) => {
    let status = 500;
    let messageKey: MessageKey = 'error.server.text';
    let params: Record<string, string | number> = {};
    if (err instanceof AppError) {
      status = err.status;
      messageKey = err.messageKey;
      params = err.params;
    } else if (typeof err === 'object' && err && 'status' in err && (err as { status: number }).status === 413) {
      status = 413;
      messageKey = 'error.tooLarge.text';
    } else if (typeof err === 'object' && err && 'type' in err && (err as { type: string }).type === 'entity.parse.failed') {
      status = 400;
      messageKey = 'error.badRequest';
    }
    const requestId = String(req.id ?? '');
    if (status >= 500) ctx.logger.error({ err, requestId, url: req.originalUrl }, 'request failed');
    else ctx.logger.debug({ status, messageKey, requestId }, 'request refused');
    if (res.headersSent) return;
    res.status(status);
    if (!req.t || !res.page) {
      // The failure came before the request was set up (e.g. the session lookup): answer plainly.
      res.type('text').send(`Error ${status} (request ${requestId})`);
      return;
    }
    const locals = {
      title: req.t(messageKey === 'error.csrf' ? 'error.csrf.title' : (titles[status] ?? 'error.server.title')),
      status,
      message: req.t(messageKey, params),
      requestId,
    };
    try {
      if (req.get('HX-Request')) res.fragment('errors/_message', locals);
      else res.page('errors/error', locals);
    } catch (renderErr) {
      ctx.logger.error({ err: renderErr, requestId }, 'error page failed to render');
      res.type('text').send(`Error ${status} (request ${requestId})`);
    }
  };
}
