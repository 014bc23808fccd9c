// Run by `npm test` before the tests: the browser tests need Debian's Chromium. When it is missing,
// install it if we are root (CI, a fresh server), otherwise say exactly what to install.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

const candidates = [process.env.PROSTO_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean);
const find = () => candidates.find((p) => fs.existsSync(p));

let found = find();
if (!found) {
  if (process.getuid?.() === 0) {
    console.log('Chromium is missing: installing the Debian package "chromium" for the browser tests…');
    execFileSync('apt-get', ['update'], { stdio: 'inherit' });
    execFileSync('apt-get', ['install', '-y', 'chromium'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    found = find();
  } else {
    console.error('The browser tests need Chromium. Install it with:  sudo apt-get install chromium');
    process.exit(1);
  }
}
if (!found) {
  console.error('Chromium could not be installed; install the Debian package "chromium" and run npm test again.');
  process.exit(1);
}
console.log(`Browser tests use ${found}`);
