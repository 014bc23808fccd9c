import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { oneRequestPerTurn } from './turns.js';

let server: http.Server | null = null;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

/** Sends `n` requests on `n` connections opened at once; resolves with the bodies once all have answered. */
function burst(port: number, n: number): Promise<string[]> {
  return Promise.all(
    Array.from({ length: n }, (_, i) =>
      new Promise<string>((resolve, reject) => {
        const socket = net.connect(port, '127.0.0.1');
        let text = '';
        socket.on('data', (d) => (text += d.toString()));
        socket.on('end', () => resolve(text.slice(text.indexOf('\r\n\r\n') + 4)));
        socket.on('error', reject);
        socket.write(`GET /${i} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
      }),
    ),
  );
}

describe('one request per turn of the event loop', () => {
  it('lets the loop turn between two waiting requests, and answers every one of them', async () => {
    const events: string[] = [];
    server = http.createServer(
      oneRequestPerTurn((req, res) => {
        events.push(`start ${req.url}`);
        setImmediate(() => events.push(`turn after ${req.url}`));
        res.end(req.url);
      }),
    );
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', () => resolve()));
    const bodies = await burst((server.address() as AddressInfo).port, 8);
    expect(bodies.sort()).toEqual(['/0', '/1', '/2', '/3', '/4', '/5', '/6', '/7']);
    const starts = events.filter((e) => e.startsWith('start'));
    expect(starts).toHaveLength(8);
    // Each request's own next turn comes before the following request starts.
    for (const s of starts.slice(0, -1)) {
      const url = s.slice('start '.length);
      const next = events.indexOf(starts[starts.indexOf(s) + 1]!);
      expect(events.indexOf(`turn after ${url}`)).toBeLessThan(next);
    }
  });

});
