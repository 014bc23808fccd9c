import { SESSION_COOKIE } from '../../src/platform/http/cookies.js';
import type { Client } from './http-client.js';

export interface SseEvent {
  id?: string;
  event: string;
  data: string;
}

/**
 * A server-sent-events reader over real HTTP for one signed-in client: `next()` resolves with the
 * next event (comments such as heartbeats are skipped), `ended()` once the server closes the stream.
 */
export async function openStream(client: Client, path: string, headers: Record<string, string> = {}) {
  const res = await fetch(client.base + path, { headers: { cookie: `${SESSION_COOKIE}=${client.cookie(SESSION_COOKIE) ?? ''}`, ...headers } });
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let done = false;
  const pull = async () => {
    const chunk = await reader.read();
    if (chunk.done) done = true;
    else buffer += decoder.decode(chunk.value, { stream: true });
  };
  return {
    res,
    async next(): Promise<SseEvent> {
      for (;;) {
        const end = buffer.indexOf('\n\n');
        if (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event: SseEvent = { event: 'message', data: '' };
          let fields = 0;
          for (const line of block.split('\n')) {
            const [name, ...rest] = line.split(':');
            const value = rest.join(':').replace(/^ /, '');
            if (name === 'id') event.id = value;
            else if (name === 'event') event.event = value;
            else if (name === 'data') event.data = value;
            else continue;
            fields++;
          }
          if (fields > 0) return event;
          continue;
        }
        if (done) throw new Error('stream ended');
        await pull();
      }
    },
    async ended(): Promise<boolean> {
      while (!done) await pull();
      return true;
    },
    close: () => reader.cancel(),
  };
}
