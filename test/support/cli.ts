import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');

/** The command to run Prosto: the built executable when PROSTO_EXECUTABLE is set, else the source through tsx. */
export function prostoCommand(): { cmd: string; args: string[] } {
  const exe = process.env.PROSTO_EXECUTABLE;
  if (exe) return { cmd: exe, args: [] };
  return { cmd: process.execPath, args: ['--import', 'tsx', path.join(root, 'src/main.ts')] };
}

export function runProsto(args: string[], input?: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const { cmd, args: base } = prostoCommand();
  return new Promise((resolve) => {
    const child = spawn(cmd, [...base, ...args], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += String(d)));
    child.stderr.on('data', (d) => (stderr += String(d)));
    // A command that refuses at once may exit before reading its input (EPIPE): its answer is what counts.
    child.stdin.on('error', () => {});
    child.stdin.end(input ?? '');
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Starts `prosto serve` and resolves once /healthz answers. */
export async function startProsto(args: string[], port: number): Promise<{ child: ChildProcess; output: () => string; stop: () => Promise<number | null> }> {
  const { cmd, args: base } = prostoCommand();
  const child = spawn(cmd, [...base, '--host', '127.0.0.1', '--port', String(port), '--log-level', 'warn', ...args], { cwd: root });
  let out = '';
  child.stdout!.on('data', (d) => (out += String(d)));
  child.stderr!.on('data', (d) => (out += String(d)));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`prosto exited early: ${out}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`prosto did not start: ${out}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return {
    child,
    output: () => out,
    stop: async () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

export async function freePort(): Promise<number> {
  const net = await import('node:net');
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}
