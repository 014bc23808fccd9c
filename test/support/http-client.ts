/**
 * A small browser-like HTTP client for route tests: keeps cookies, reads the CSRF token from the last
 * page, submits forms. No redirects are followed, so tests see the status and Location themselves.
 */
export class Client {
  private cookies = new Map<string, string>();
  csrf = '';
  lastBody = '';

  constructor(readonly base: string) {}

  private store(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (attrs.some((a) => /max-age=0/i.test(a)) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  /** Every cookie held, as a browser sends them (benchmarks hand it to their load generator). */
  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    const cookie = this.cookieHeader();
    return { ...(cookie ? { cookie } : {}), ...extra };
  }

  async get(path: string, extra: Record<string, string> = {}): Promise<Response & { text: string }> {
    const res = await fetch(this.base + path, { headers: this.headers(extra), redirect: 'manual' });
    this.store(res);
    const text = await res.text();
    this.lastBody = text;
    const m = /<meta name="csrf-token" content="([^"]+)"/.exec(text);
    if (m) this.csrf = m[1]!;
    return Object.assign(res, { text });
  }

  /** Posts a form; the CSRF token of the last page is added unless `_csrf` is given (null leaves it out). */
  async post(path: string, form: Record<string, string | string[] | null>, extra: Record<string, string> = {}): Promise<Response & { text: string }> {
    const body = new URLSearchParams();
    const withToken = { _csrf: this.csrf, ...form };
    for (const [k, v] of Object.entries(withToken)) {
      if (v === null) continue;
      for (const item of Array.isArray(v) ? v : [v]) body.append(k, item);
    }
    const res = await fetch(this.base + path, {
      method: 'POST',
      headers: this.headers({ 'content-type': 'application/x-www-form-urlencoded', ...extra }),
      body,
      redirect: 'manual',
    });
    this.store(res);
    const text = await res.text();
    this.lastBody = text;
    const m = /<meta name="csrf-token" content="([^"]+)"/.exec(text);
    if (m) this.csrf = m[1]!;
    return Object.assign(res, { text });
  }

  /** Posts a multipart form with files (name, content); the CSRF token of the last page goes in as `_csrf`. */
  async postMultipart(path: string, form: Record<string, string | string[]>, files: { field: string; name: string; content: Buffer | string; type?: string }[] = []): Promise<Response & { text: string }> {
    const body = new FormData();
    body.append('_csrf', this.csrf);
    for (const [k, v] of Object.entries(form)) for (const item of Array.isArray(v) ? v : [v]) body.append(k, item);
    for (const f of files) body.append(f.field, new Blob([typeof f.content === "string" ? f.content : new Uint8Array(f.content)], { type: f.type ?? 'application/octet-stream' }), f.name);
    const res = await fetch(this.base + path, { method: 'POST', headers: this.headers(), body, redirect: 'manual' });
    this.store(res);
    const text = await res.text();
    this.lastBody = text;
    const m = /<meta name="csrf-token" content="([^"]+)"/.exec(text);
    if (m) this.csrf = m[1]!;
    return Object.assign(res, { text });
  }

  /** Signs in through the form; returns the response of the POST. */
  async signIn(email: string, password: string) {
    await this.get('/login');
    return this.post('/login', { email, password });
  }
}
