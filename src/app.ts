import crypto from 'node:crypto';
import express, { type Express } from 'express';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import type { AppContext } from './context.js';
import { csrfCheck } from './platform/http/csrf.js';
import { errorHandler, notFound } from './platform/http/errors.js';
import { requestLocals } from './platform/http/request.js';
import { loadSession } from './platform/http/session.js';
import { serveStatic } from './platform/http/static.js';
import { accountRoutes } from './features/account/routes.js';
import { authRoutes } from './features/auth/routes.js';
import { departmentRoutes } from './features/departments/routes.js';
import { healthRoutes } from './features/health/routes.js';
import { homeRoutes } from './features/home/routes.js';
import { setupGate, setupRoutes } from './features/setup/routes.js';
import { userRoutes } from './features/users/routes.js';
import { backupRoutes } from './features/backup/routes.js';
import { roleRoutes } from './features/roles/routes.js';
import { recycleRoutes } from './features/recycle/routes.js';
import { companyRoutes } from './features/companies/routes.js';
import { dealRoutes } from './features/deals/routes.js';
import { leadRoutes } from './features/leads/routes.js';
import { searchRoutes } from './features/search/routes.js';
import { contactRoutes } from './features/contacts/routes.js';
import { pipelineRoutes } from './features/pipelines/routes.js';
import { auditRoutes } from './features/audit/routes.js';
import { duplicateRoutes } from './features/duplicates/routes.js';
import { activityRoutes } from './features/activities/routes.js';
import { jobRoutes } from './features/jobs/routes.js';
import { notificationRoutes } from './features/notifications/routes.js';
import { commentRoutes } from './features/comments/routes.js';
import { streamRoutes } from './features/stream/routes.js';
import { inlineRoutes } from './features/inline/routes.js';
import { pickerRoutes } from './features/pickers/routes.js';
import { relatedRoutes } from './features/inline/related.js';
import { customFieldRoutes } from './features/custom/routes.js';

/** Builds the Express application without listening; tests call it with a temporary database. */
export function createApp(ctx: AppContext): Express {
  const app = express();
  app.disable('x-powered-by');
  // Pages are made for one user at one moment: hashing each one for an ETag costs more than a browser could save by it.
  app.disable('etag');
  app.set('trust proxy', 'loopback');
  const tls = Boolean(ctx.config.tlsCert);

  app.use(
    pinoHttp({
      logger: ctx.logger,
      genReqId: (req, res) => {
        const id = crypto.randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      autoLogging: { ignore: (req) => req.url?.startsWith('/static/') ?? false },
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }),
        res: (res: { statusCode: number }) => ({ status: res.statusCode }),
      },
      customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : 'info'),
    }),
  );
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          baseUri: ["'self'"],
          objectSrc: ["'none'"],
          // Only under HTTPS: on a plain-HTTP office network this would break every subresource.
          ...(tls ? { upgradeInsecureRequests: [] } : {}),
        },
      },
      strictTransportSecurity: tls,
      crossOriginEmbedderPolicy: false,
    }),
  );

  app.get('/static/*path', serveStatic);
  app.use(healthRoutes(ctx));
  app.use(express.urlencoded({ extended: true, limit: '200kb', parameterLimit: 500 }));
  app.use(loadSession(ctx));
  app.use(requestLocals(ctx));
  app.use(csrfCheck(ctx, ['/setup/restore']));
  app.use(setupGate(ctx));
  app.use(setupRoutes(ctx));
  app.use(authRoutes(ctx));
  app.use(homeRoutes(ctx));
  app.use(accountRoutes(ctx));
  app.get('/settings', (_req, res) => res.go('/settings/users'));
  app.use(userRoutes(ctx));
  app.use(departmentRoutes(ctx));
  app.use(searchRoutes(ctx));
  app.use(inlineRoutes(ctx));
  app.use(pickerRoutes(ctx));
  app.use(relatedRoutes(ctx));
  app.use(leadRoutes(ctx));
  app.use(dealRoutes(ctx));
  app.use(companyRoutes(ctx));
  app.use(contactRoutes(ctx));
  app.use(roleRoutes(ctx));
  app.use(recycleRoutes(ctx));
  app.use(pipelineRoutes(ctx));
  app.use(customFieldRoutes(ctx));
  app.use(auditRoutes(ctx));
  app.use(duplicateRoutes(ctx));
  app.use(backupRoutes(ctx));
  app.use(activityRoutes(ctx));
  app.use(jobRoutes(ctx));
  app.use(notificationRoutes(ctx));
  app.use(commentRoutes(ctx));
  app.use(streamRoutes(ctx));
  app.use(notFound);
  app.use(errorHandler(ctx));
  return app;
}
