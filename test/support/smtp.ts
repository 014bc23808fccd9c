import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';

/**
 * A real SMTP peer in the test process (the smtp-server package) that keeps what it receives.
 * `refuse` makes it answer the next messages with an error, as a real server would: a 4xx is
 * temporary, a 5xx permanent. With `auth` it asks for that login and password.
 */
export interface Received {
  from: string;
  to: string[];
  raw: string;
  parsed: ParsedMail;
}

export interface SmtpPeer {
  port: number;
  received: Received[];
  /** Answer every message with this error until cleared (null). */
  refuse(error: { code: number; message: string } | null): void;
  /** Refuses this recipient for good (550), as a server does for a mailbox that does not exist. */
  unknownRecipient(address: string): void;
  /** Waits until `n` messages have arrived. */
  waitFor(n: number, ms?: number): Promise<Received[]>;
  close(): Promise<void>;
}

export async function startSmtpPeer(options: { auth?: { user: string; password: string } } = {}): Promise<SmtpPeer> {
  const received: Received[] = [];
  let refusal: { code: number; message: string } | null = null;
  const unknown = new Set<string>();
  const server = new SMTPServer({
    authOptional: !options.auth,
    disabledCommands: options.auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, done) {
      if (options.auth && auth.username === options.auth.user && auth.password === options.auth.password) return done(null, { user: auth.username });
      const err = Object.assign(new Error('Authentication failed'), { responseCode: 535 });
      done(err);
    },
    onRcptTo(address, _session, done) {
      if (unknown.has(address.address.toLowerCase())) return done(Object.assign(new Error('No such user here'), { responseCode: 550 }));
      done();
    },
    onData(stream, session, done) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (refusal) {
          done(Object.assign(new Error(refusal.message), { responseCode: refusal.code }));
          return;
        }
        const raw = Buffer.concat(chunks).toString('utf8');
        void simpleParser(raw).then((parsed) => {
          received.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), raw, parsed });
          done(null, 'Ok: queued as TEST1');
        });
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    received,
    refuse(error) {
      refusal = error;
    },
    unknownRecipient(address) {
      unknown.add(address.toLowerCase());
    },
    async waitFor(n, ms = 5000) {
      const until = Date.now() + ms;
      while (received.length < n) {
        if (Date.now() > until) throw new Error(`expected ${n} messages, got ${received.length}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      return received;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A free loopback port nobody listens on (for "server unreachable"). */
export async function closedPort(): Promise<number> {
  const net = await import('node:net');
  const s = net.createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}
