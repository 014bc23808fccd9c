import iconv from 'iconv-lite';
import { makeZip } from './zip.js';

/**
 * Plays 1C:Enterprise's side of the site exchange (as its "Обмен с сайтом" does, and as
 * python-1c-exchange-emulate replays it): checkauth with Basic credentials, then the cookie it was
 * given; init; every file POSTed raw in pieces of file_limit (or one zip); import repeated while the
 * answer says "progress"; for orders query and success. Answers are decoded by their charset.
 */
export interface Answer {
  status: number;
  contentType: string;
  lines: string[];
  body: Buffer;
}

export class OneCClient {
  private cookie = '';
  /** Every answer's first line, in order: what 1C would show in its exchange log. */
  readonly transcript: string[] = [];

  constructor(
    readonly base: string,
    private readonly login: string,
    private readonly password: string,
    readonly path = '/bitrix/admin/1c_exchange.php',
  ) {}

  async send(params: Record<string, string>, options: { method?: 'GET' | 'POST'; body?: Buffer; basic?: boolean; form?: boolean } = {}): Promise<Answer> {
    const method = options.method ?? (options.body ? 'POST' : 'GET');
    const headers: Record<string, string> = {};
    if (options.basic) headers.authorization = `Basic ${Buffer.from(`${this.login}:${this.password}`).toString('base64')}`;
    if (this.cookie) headers.cookie = this.cookie;
    let url = `${this.base}${this.path}`;
    let body: BodyInit | undefined = options.body ? new Blob([new Uint8Array(options.body)]) : undefined;
    if (options.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(params).toString();
    } else {
      url += `?${new URLSearchParams(params)}`;
      if (body) headers['content-type'] = 'application/octet-stream';
    }
    const res = await fetch(url, { method, headers, body });
    const bytes = Buffer.from(await res.arrayBuffer());
    const contentType = res.headers.get('content-type') ?? '';
    const charset = /charset=([\w-]+)/i.exec(contentType)?.[1]?.toLowerCase() ?? 'utf-8';
    const text = iconv.decode(bytes, charset === 'utf-8' ? 'utf8' : charset);
    const answer = { status: res.status, contentType, lines: text.split('\n'), body: bytes };
    this.transcript.push(`${params.mode}: ${answer.lines[0]}`);
    return answer;
  }

  async checkauth(type: 'catalog' | 'sale'): Promise<Answer> {
    const a = await this.send({ type, mode: 'checkauth' }, { basic: true });
    if (a.lines[0] === 'success') this.cookie = `${a.lines[1]}=${a.lines[2]}`;
    return a;
  }

  async init(type: 'catalog' | 'sale', extra: Record<string, string> = {}): Promise<{ zip: boolean; fileLimit: number; lines: string[] }> {
    const a = await this.send({ type, mode: 'init', ...extra });
    const value = (k: string) => a.lines.find((l) => l.startsWith(`${k}=`))?.slice(k.length + 1);
    return { zip: value('zip') === 'yes', fileLimit: Number(value('file_limit')), lines: a.lines };
  }

  /** Sends a file in pieces of at most `limit` bytes; returns every answer. */
  async upload(type: 'catalog' | 'sale', filename: string, data: Buffer, limit: number): Promise<Answer[]> {
    const answers: Answer[] = [];
    for (let at = 0; at < data.length || (at === 0 && data.length === 0); at += limit) {
      answers.push(await this.send({ type, mode: 'file', filename }, { body: data.subarray(at, at + limit), method: 'POST' }));
      if (data.length === 0) break;
    }
    return answers;
  }

  /** Repeats mode=import while the answer is "progress"; returns the last answer and how many progress answers came. */
  async importUntilDone(type: 'catalog' | 'sale', filename: string, maxRounds = 10_000): Promise<{ last: Answer; progress: number }> {
    let progress = 0;
    for (let i = 0; i < maxRounds; i++) {
      const a = await this.send({ type, mode: 'import', filename });
      if (a.lines[0] !== 'progress') return { last: a, progress };
      progress++;
    }
    throw new Error(`import of ${filename} still in progress after ${maxRounds} rounds`);
  }

  /**
   * The whole catalog exchange of a file set, as 1C runs it: checkauth, init, upload (one zip when
   * the site accepts it and `zip` is asked for), import of each XML file until success, complete.
   */
  async exchangeCatalog(files: { name: string; data: Buffer }[], options: { zip: boolean }): Promise<{ results: Record<string, Answer>; progress: number }> {
    const auth = await this.checkauth('catalog');
    if (auth.lines[0] !== 'success') throw new Error(`checkauth: ${auth.lines.join(' / ')}`);
    const { zip, fileLimit } = await this.init('catalog');
    if (options.zip && zip) {
      const archive = makeZip(files.map((f) => ({ name: f.name, data: f.data })));
      for (const a of await this.upload('catalog', 'import.zip', archive, fileLimit)) if (a.lines[0] !== 'success') throw new Error(`file: ${a.lines.join(' / ')}`);
    } else {
      for (const f of files) for (const a of await this.upload('catalog', f.name, f.data, fileLimit)) if (a.lines[0] !== 'success') throw new Error(`file ${f.name}: ${a.lines.join(' / ')}`);
    }
    const results: Record<string, Answer> = {};
    let progress = 0;
    for (const f of files.filter((x) => x.name.endsWith('.xml'))) {
      const done = await this.importUntilDone('catalog', f.name);
      results[f.name] = done.last;
      progress += done.progress;
    }
    await this.send({ type: 'catalog', mode: 'complete' });
    return { results, progress };
  }
}
