import express, { Router, type Express } from 'express';
import type { AppContext } from './context.js';
import { csrfCheck } from './platform/http/csrf.js';
import { errorHandler, notFound } from './platform/http/errors.js';
import { requestLocals } from './platform/http/request.js';
import { requestLog } from './platform/http/request-log.js';
import { routeIndex } from './platform/http/route-index.js';
import { securityHeaders } from './platform/http/security-headers.js';
import { loadSession } from './platform/http/session.js';
import { exemptFromCsrf, outsideErrors, outsideRequests } from './platform/http/outside.js';
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
import { reportRoutes } from './features/reports/routes.js';
import { dashboardRoutes } from './features/dashboard/routes.js';
import { builderRoutes } from './features/reports/builder/routes.js';
import { jobRoutes } from './features/jobs/routes.js';
import { notificationRoutes } from './features/notifications/routes.js';
import { commentRoutes } from './features/comments/routes.js';
import { streamRoutes } from './features/stream/routes.js';
import { inlineRoutes } from './features/inline/routes.js';
import { pickerRoutes } from './features/pickers/routes.js';
import { relatedRoutes } from './features/inline/related.js';
import { customFieldRoutes } from './features/custom/routes.js';
import { currencyRoutes } from './features/currencies/routes.js';
import { catalogRoutes, PICTURE_UPLOAD } from './features/catalog/routes.js';
import { importRoutes, IMPORT_UPLOAD } from './features/import/routes.js';
import { sectionRoutes } from './features/catalog/section-routes.js';
import { productRowRoutes } from './features/product-rows/routes.js';
import { sellerRoutes, SELLER_IMAGE_UPLOAD } from './features/seller/routes.js';
import { documentRoutes } from './features/documents/routes.js';
import { paymentRoutes } from './features/documents/payment-routes.js';
import { documentOwners } from './features/documents/owners.js';
import { printRoutes } from './features/documents/print-routes.js';
import { dealOwner, leadOwner } from './features/product-rows/owners.js';
import { mailSettingsRoutes } from './features/mail-settings/routes.js';
import { SEND_PATH, mailRoutes } from './features/mail/routes.js';
import { mailTemplateRoutes } from './features/mail-templates/routes.js';
import { mailboxRoutes } from './features/mailboxes/routes.js';
import { massMailRoutes } from './features/mass-mail/routes.js';
import { formBuilderRoutes } from './features/forms/routes.js';
import { formRoutes } from './features/forms/public.js';
import { inboxRoutes } from './features/forms/inbox.js';
import { integrationRoutes } from './features/integrations/routes.js';
import { leadApiRoutes } from './features/leadapi/routes.js';
import { bitrixRoutes } from './features/bitrix/routes.js';
import { exchangeEndpoint } from './features/exchange/endpoint.js';
import { exchangeRoutes } from './features/exchange/routes.js';

/** Builds the Express application without listening; tests call it with a temporary database. */
export function createApp(ctx: AppContext): Express {
  const app = express();
  app.disable('x-powered-by');
  // Pages are made for one user at one moment: hashing each one for an ETag costs more than a browser could save by it.
  app.disable('etag');
  app.set('trust proxy', 'loopback');
  const tls = Boolean(ctx.config.tlsCert);

  app.use(requestLog(ctx.logger));
  app.use(securityHeaders(tls));

  app.get('/static/*path', serveStatic);
  app.use(healthRoutes(ctx));
  // Public forms, the lead API and the webhooks: CORS, body limits, no CSRF, JSON errors (see outside.ts).
  app.use(outsideRequests());
  // 1C and stores call this before any body parser, session or CSRF check: it authenticates its own way.
  app.use(exchangeEndpoint(ctx));
  app.use(express.urlencoded({ extended: true, limit: '200kb', parameterLimit: 500 }));
  app.use(loadSession(ctx));
  app.use(requestLocals(ctx));
  app.use(csrfCheck(ctx, ['/setup/restore', PICTURE_UPLOAD, SELLER_IMAGE_UPLOAD, SEND_PATH, IMPORT_UPLOAD], exemptFromCsrf));
  app.use(setupGate(ctx));
  app.use(routeIndex(featureRouters(ctx)));
  app.use(notFound);
  app.use(outsideErrors(ctx));
  app.use(errorHandler(ctx));
  return app;
}

/** Every feature's routes, in the order Express would try them. */
export function featureRouters(ctx: AppContext): Router[] {
  return [
    setupRoutes(ctx),
    authRoutes(ctx),
    homeRoutes(ctx),
    accountRoutes(ctx),
    settingsHome(),
    userRoutes(ctx),
    departmentRoutes(ctx),
    searchRoutes(ctx),
    inlineRoutes(ctx),
    pickerRoutes(ctx),
    relatedRoutes(ctx),
    // Before the leads, whose /leads/:id would take "forms" and "inbox" for an id.
    formBuilderRoutes(ctx),
    inboxRoutes(ctx),
    leadRoutes(ctx),
    dealRoutes(ctx),
    companyRoutes(ctx),
    contactRoutes(ctx),
    roleRoutes(ctx),
    recycleRoutes(ctx),
    pipelineRoutes(ctx),
    customFieldRoutes(ctx),
    auditRoutes(ctx),
    duplicateRoutes(ctx),
    backupRoutes(ctx),
    activityRoutes(ctx),
    jobRoutes(ctx),
    notificationRoutes(ctx),
    commentRoutes(ctx),
    streamRoutes(ctx),
    currencyRoutes(ctx),
    sectionRoutes(ctx),
    catalogRoutes(ctx),
    productRowRoutes(ctx, [dealOwner, leadOwner, ...documentOwners]),
    sellerRoutes(ctx),
    mailSettingsRoutes(ctx),
    mailRoutes(ctx),
    mailTemplateRoutes(ctx),
    mailboxRoutes(ctx),
    massMailRoutes(ctx),
    documentRoutes(ctx),
    paymentRoutes(ctx),
    printRoutes(ctx),
    formRoutes(ctx),
    integrationRoutes(ctx),
    leadApiRoutes(ctx),
    bitrixRoutes(ctx),
    exchangeRoutes(ctx),
    importRoutes(ctx),
    builderRoutes(ctx),
    reportRoutes(ctx),
    dashboardRoutes(ctx),
  ];
}

/** `/settings` opens the first settings page. */
function settingsHome(): Router {
  const r = Router();
  r.get('/settings', (_req, res) => res.go('/settings/users'));
  return r;
}
