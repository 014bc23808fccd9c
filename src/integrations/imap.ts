import { ImapFlow } from 'imapflow';

/**
 * Reading a mailbox over IMAP (imapflow), knowing nothing of the CRM. A folder is read from where the
 * caller left it: the messages with a UID above `lastUid` under the same UIDVALIDITY, or — the first
 * time, and after the server changed UIDVALIDITY — every message since a time (IMAP SINCE: whole
 * days). Messages come in ascending UID order, a batch fetched at a time, so the caller can record
 * each one as it goes and pick up after an interruption where it stopped.
 */
export type ImapSecurity = 'tls' | 'starttls' | 'none';

export interface ImapAccount {
  host: string;
  port: number;
  security: ImapSecurity;
  user: string;
  password: string;
}

export interface FolderPosition {
  uidValidity: string | null;
  lastUid: number;
  since: number | null;
}

export interface FetchedMessage {
  uid: number;
  source: Buffer;
}

export interface FolderRead {
  path: string;
  uidValidity: string;
  /** True when the stored position no longer applies (first read, or a new UIDVALIDITY): reading starts from `since`. */
  restarted: boolean;
  messages: AsyncGenerator<FetchedMessage>;
}

/** Messages fetched at once: a batch is held in memory whole, attachments included. */
const BATCH = 10;

export class ImapSession {
  private constructor(private readonly client: ImapFlow) {}

  static async open(account: ImapAccount): Promise<ImapSession> {
    const client = new ImapFlow({
      host: account.host,
      port: account.port,
      secure: account.security === 'tls',
      doSTARTTLS: account.security === 'starttls' ? true : account.security === 'none' ? false : undefined,
      auth: { user: account.user, pass: account.password },
      logger: false,
      connectionTimeout: 20_000,
      greetingTimeout: 15_000,
      socketTimeout: 60_000,
    });
    // A dropped connection is reported by the command that was running; without a listener it would crash the process.
    client.on('error', () => undefined);
    await client.connect();
    return new ImapSession(client);
  }

  /** The server's folders with their special use ("\\Sent"…), to find "Sent" under its local name. */
  async folders(): Promise<{ path: string; specialUse: string | null }[]> {
    const list = await this.client.list();
    return list.map((f) => ({ path: f.path, specialUse: f.specialUse ?? null }));
  }

  /** Opens a folder and reads what is new there since `position`. Only one folder is read at a time. */
  async read(path: string, position: FolderPosition): Promise<FolderRead> {
    const lock = await this.client.getMailboxLock(path, { readOnly: true });
    const mailbox = this.client.mailbox;
    const uidValidity = mailbox ? String(mailbox.uidValidity) : '';
    const restarted = position.uidValidity !== uidValidity;
    const client = this.client;
    const after = restarted ? 0 : position.lastUid;
    async function* messages(): AsyncGenerator<FetchedMessage> {
      try {
        const found = after > 0 ? await client.search({ uid: `${after + 1}:*` }, { uid: true }) : position.since !== null ? await client.search({ since: new Date(position.since) }, { uid: true }) : await client.search({ all: true }, { uid: true });
        // "n:*" always names the last message, even below n.
        const uids = (found || []).filter((uid) => uid > after).sort((a, b) => a - b);
        for (let i = 0; i < uids.length; i += BATCH) {
          const batch = await client.fetchAll(uids.slice(i, i + BATCH).join(','), { uid: true, source: true }, { uid: true });
          batch.sort((a, b) => a.uid - b.uid);
          for (const m of batch) if (m.source) yield { uid: m.uid, source: m.source };
        }
      } finally {
        lock.release();
      }
    }
    return { path, uidValidity, restarted, messages: messages() };
  }

  async close(): Promise<void> {
    try {
      await this.client.logout();
    } catch {
      this.client.close();
    }
  }
}
