import fs from 'node:fs';
import path from 'node:path';

/**
 * A pid file in the data folder says a server is using it, so `prosto restore` can refuse to pull the
 * database away from under it. A pid file left by a crashed server (its process is gone) does not count.
 */
const NAME = 'prosto.pid';

export function runningServerPid(dataDir: string): number | null {
  let pid: number;
  try {
    pid = Number(fs.readFileSync(path.join(dataDir, NAME), 'utf8').trim());
  } catch {
    return null;
  }
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return null;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM' ? pid : null;
  }
}

export function writePidFile(dataDir: string): () => void {
  const file = path.join(dataDir, NAME);
  fs.writeFileSync(file, `${process.pid}\n`);
  return () => {
    try {
      if (fs.readFileSync(file, 'utf8').trim() === String(process.pid)) fs.unlinkSync(file);
    } catch {
      // already gone
    }
  };
}
