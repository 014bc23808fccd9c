import http from 'node:http';
import https from 'node:https';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Config } from './config.js';
import { createApp } from './app.js';
import { openContext, StartupError } from './boot.js';
import { setupPending } from './features/setup/service.js';
import { VERSION } from './version.js';
import { endAllStreams } from './platform/notifications/live.js';
import { oneRequestPerTurn } from './platform/http/turns.js';

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

function listen(server: http.Server, config: Config): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE') reject(new StartupError(`port ${config.port} on ${config.host} is already in use; stop the other program or choose another port with --port`));
      else if (err.code === 'EACCES') reject(new StartupError(`no permission to listen on port ${config.port}; use a port above 1024 or run as a service`));
      else reject(err);
    });
    server.listen(config.port, config.host, () => resolve());
  });
}

/** Starts serving; resolves once listening. Stops cleanly on SIGTERM/SIGINT when `handleSignals` is set. */
export async function startServer(config: Config, options: { handleSignals?: boolean } = {}): Promise<RunningServer> {
  const ctx = await openContext(config, { claim: 'serve' });
  const app = oneRequestPerTurn(createApp(ctx));
  const tls = config.tlsCert && config.tlsKey;
  const server = tls
    ? https.createServer({ cert: fs.readFileSync(config.tlsCert!), key: fs.readFileSync(config.tlsKey!) }, app)
    : http.createServer(app);
  try {
    await listen(server, config);
  } catch (err) {
    ctx.close();
    throw err;
  }
  ctx.jobs.start();
  const port = (server.address() as AddressInfo).port;
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const url = config.publicUrl ?? `${tls ? 'https' : 'http'}://${shownHost}:${port}`;
  ctx.logger.info({ url, version: VERSION, dataDir: config.dataDir }, 'Prosto is listening');
  if (setupPending(ctx)) {
    process.stdout.write(`\nProsto is not set up yet. Open ${url}/setup in a browser to finish the setup.\n\n`);
  }

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= new Promise<void>((resolve) => {
      ctx.logger.info('shutting down');
      server.close(() => {
        // Scheduled jobs finish their current run before the database closes.
        void ctx.jobs.stop().then(() => {
          ctx.close();
          resolve();
        });
      });
      // Keep-alive and server-sent-event connections would hold close() open forever.
      endAllStreams(ctx.db);
      server.closeIdleConnections();
      setTimeout(() => server.closeAllConnections(), 5_000).unref();
    });
    return closing;
  };
  if (options.handleSignals) {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      process.once(signal, () => void close().then(() => process.exit(0)));
    }
  }
  return { url, close };
}
