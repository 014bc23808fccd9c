import { execFile, execFileSync, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const DOVECOT = '/usr/sbin/dovecot';
const DOVEADM = '/usr/bin/doveadm';

/**
 * A private Dovecot (docs/testing-mail.md) for one test file: its own config, state and mail under a
 * temporary folder, listening on a free loopback port, with one user per mailbox. Mail belongs to the
 * `mail` user, as Dovecot refuses root. `deliver` puts a raw message into a folder with `doveadm
 * save`; `deliverMany` writes Maildir files directly (hundreds in a moment, for the fault tests);
 * `stop`/`start` take the server away and back; `recreate` gives a folder a new UIDVALIDITY.
 */
export interface Dovecot {
  port: number;
  dir: string;
  deliver(user: string, raw: string | Buffer, folder?: string): Promise<void>;
  /** `receivedAt` sets the messages' arrival time (IMAP INTERNALDATE, what SINCE looks at). */
  deliverMany(user: string, raws: (string | Buffer)[], folder?: string, receivedAt?: Date): Promise<void>;
  createFolder(user: string, folder: string): Promise<void>;
  /** Deletes and makes again a folder, putting `raws` back in: its messages get new UIDs under a new UIDVALIDITY. */
  recreate(user: string, folder: string, raws: (string | Buffer)[]): Promise<void>;
  uidValidity(user: string, folder: string): Promise<string>;
  /** Removes every message of a user's folders (UIDs go on counting), so each test starts empty. */
  empty(user: string): Promise<void>;
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

async function waitForPort(port: number, up: boolean, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open === up) return;
    if (Date.now() > until) throw new Error(`Dovecot did not ${up ? 'start' : 'stop'} on port ${port}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // Already gone.
  }
}

/** Every process below `pid`, read from /proc. */
function childrenOf(pid: number): number[] {
  const parents = new Map<number, number>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // It ended while being read.
    }
  }
  const out: number[] = [];
  const walk = (p: number) => {
    for (const [child, parent] of parents) if (parent === p) {
      out.push(child);
      walk(child);
    }
  };
  walk(pid);
  return out;
}

const mailUid = () => Number(execFileSync('id', ['-u', 'mail']).toString().trim());
const mailGid = () => Number(execFileSync('id', ['-g', 'mail']).toString().trim());

export async function startDovecot(users: Record<string, string>): Promise<Dovecot> {
  if (!fs.existsSync(DOVECOT)) throw new Error('Dovecot is missing: apt-get install dovecot-imapd (npm test installs it as root)');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prosto-dovecot-'));
  fs.chmodSync(dir, 0o755);
  for (const sub of ['run', 'state', 'mail']) fs.mkdirSync(path.join(dir, sub));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) fs.chownSync(path.join(dir, 'mail'), mailUid(), mailGid());
  const port = await freePort();
  const conf = path.join(dir, 'dovecot.conf');
  const owner = asRoot ? 'uid=mail gid=mail ' : '';
  fs.writeFileSync(
    conf,
    `protocols = imap
listen = 127.0.0.1
base_dir = ${dir}/run
state_dir = ${dir}/state
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
log_path = ${dir}/dovecot.log
first_valid_uid = 1
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/users
}
userdb {
  driver = static
  args = ${owner}home=${dir}/mail/%u
}
mail_location = maildir:~/Maildir
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
}
`,
  );
  fs.writeFileSync(path.join(dir, 'users'), Object.entries(users).map(([u, p]) => `${u}:{PLAIN}${p}\n`).join(''));
  const doveadm = (args: string[], input?: string | Buffer) =>
    new Promise<void>((resolve, reject) => {
      const child = execFile(DOVEADM, ['-c', conf, ...args], (err, _out, stderr) => (err ? reject(new Error(`doveadm ${args.join(' ')}: ${stderr || err.message}`)) : resolve()));
      child.stdin!.end(input ?? '');
    });
  // The master goes into the background keeping the descriptors it was given: started with none, so waiting for it ends.
  const master = (args: string[]) =>
    new Promise<void>((resolve, reject) => {
      const child = spawn(DOVECOT, ['-c', conf, ...args], { stdio: 'ignore' });
      child.on('error', reject);
      child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`dovecot ${args.join(' ')} exited with ${code}`))));
    });
  const start = async () => {
    if (fs.existsSync(path.join(dir, 'run', 'master.pid'))) return;
    await master([]);
    await waitForPort(port, true);
  };
  /** The signal goes at once (the call itself, before any await): a test can take the server away mid-read. */
  const stop = async () => {
    const pidFile = path.join(dir, 'run', 'master.pid');
    const pid = fs.existsSync(pidFile) ? Number(fs.readFileSync(pidFile, 'utf8').trim()) : NaN;
    // Its imap processes first (the master reaps them), as one would otherwise finish serving the open
    // connection; then the master itself.
    if (Number.isInteger(pid)) {
      for (const child of childrenOf(pid)) signal(child, 'SIGKILL');
      signal(pid, 'SIGTERM');
    }
    await waitForPort(port, false);
    // Stopped in a hurry, the master may leave its pid file behind: without it the next start knows the server is down.
    const until = Date.now() + 5000;
    while (fs.existsSync(pidFile) && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    fs.rmSync(pidFile, { force: true });
  };
  const maildir = (user: string, folder: string) => path.join(dir, 'mail', user, 'Maildir', folder === 'INBOX' ? '' : `.${folder}`);
  const api: Dovecot = {
    port,
    dir,
    deliver: (user, raw, folder = 'INBOX') => doveadm(['save', '-u', user, '-m', folder], raw),
    async deliverMany(user, raws, folder = 'INBOX', receivedAt) {
      // A Maildir "new" file per message, written whole under tmp/ and moved in, as a delivery agent does.
      const base = maildir(user, folder);
      if (!fs.existsSync(path.join(base, 'new'))) await api.createFolder(user, folder);
      raws.forEach((raw, i) => {
        const name = `${Date.now()}.P${process.pid}Q${i}R${crypto.randomBytes(4).toString('hex')}.prosto`;
        const tmp = path.join(base, 'tmp', name);
        fs.writeFileSync(tmp, raw);
        if (asRoot) fs.chownSync(tmp, mailUid(), mailGid());
        if (receivedAt) fs.utimesSync(tmp, receivedAt, receivedAt);
        fs.renameSync(tmp, path.join(base, 'new', name));
      });
    },
    async createFolder(user, folder) {
      if (folder === 'INBOX') await doveadm(['mailbox', 'status', '-u', user, 'messages', 'INBOX']);
      else await doveadm(['mailbox', 'create', '-u', user, folder]).catch((err: Error) => {
        if (!/exists/i.test(err.message)) throw err;
      });
    },
    async recreate(user, folder, raws) {
      await doveadm(['mailbox', 'delete', '-u', user, folder]);
      await api.createFolder(user, folder);
      for (const raw of raws) await api.deliver(user, raw, folder);
    },
    async uidValidity(user, folder) {
      const { stdout } = await run(DOVEADM, ['-c', conf, '-f', 'flow', 'mailbox', 'status', '-u', user, 'uidvalidity', folder]);
      return /uidvalidity=(\d+)/.exec(stdout)![1]!;
    },
    empty: (user) => doveadm(['expunge', '-u', user, 'mailbox', '*', 'all']),
    stop,
    start,
    async close() {
      await stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  await start();
  // Each user's INBOX exists before the first login, so Maildir files can be written into it.
  for (const user of Object.keys(users)) await doveadm(['mailbox', 'status', '-u', user, 'messages', 'INBOX']);
  return api;
}
