import type { CurrentUser } from '../auth/sessions.js';
import type { Formatter } from '../format.js';
import type { Locale, MessageKey, Translate } from '../i18n/index.js';

export interface Flash {
  key: MessageKey;
  params?: Record<string, string | number>;
  kind: 'ok' | 'error';
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** Set first of all by the request log; error pages show it. */
      id: string;
      /** Set by the session middleware when a valid session cookie came with the request. */
      user?: CurrentUser;
      sessionId?: string;
      locale: Locale;
      t: Translate;
      fmt: Formatter;
      timeZone: string;
    }
    interface Response {
      /** Renders `views/<view>.ejs` inside the layout (or alone for an htmx fragment request). */
      page(view: string, locals?: Record<string, unknown>): void;
      /** Renders `views/<view>.ejs` alone. */
      fragment(view: string, locals?: Record<string, unknown>): void;
      flash(key: MessageKey, params?: Record<string, string | number>, kind?: Flash['kind']): void;
      /** Redirects; for htmx requests through the HX-Redirect header so the whole page changes. */
      go(url: string): void;
    }
  }
}
