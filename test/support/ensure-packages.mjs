// Run by `npm test` before the tests. They need Debian programs: Chromium for the browser tests
// (test/e2e), Dovecot for the real IMAP server of the mail tests, pdftotext (poppler-utils) to read
// generated PDFs back. When one is missing, install it if we are root (CI, a fresh server), otherwise
// say exactly what to install.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

const chromium = [process.env.PROSTO_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean);
const needed = [
  { pkg: 'chromium', paths: chromium },
  { pkg: 'dovecot-imapd', paths: ['/usr/sbin/dovecot'] },
  { pkg: 'poppler-utils', paths: ['/usr/bin/pdftotext'] },
];
const missing = () => needed.filter((n) => !n.paths.some((p) => fs.existsSync(p))).map((n) => n.pkg);

function aptGet(args) {
  try {
    execFileSync('apt-get', args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    return true;
  } catch {
    return false;
  }
}

let absent = missing();
if (absent.length > 0) {
  const command = `sudo apt-get install ${absent.join(' ')}`;
  if (process.getuid?.() !== 0) {
    console.error(`The tests need Debian packages that are missing. Install them with:  ${command}`);
    process.exit(1);
  }
  console.log(`Installing the Debian packages the tests need: ${absent.join(', ')}…`);
  if (aptGet(['update', '-qq'])) aptGet(['install', '-y', '-qq', ...absent]);
  absent = missing();
  if (absent.length > 0) {
    console.error(`Could not install ${absent.join(', ')}. Install them with:  ${command}  (then run npm test again)`);
    process.exit(1);
  }
}
console.log(`Tests use ${chromium.find((p) => fs.existsSync(p))}`);
