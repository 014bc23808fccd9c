import type { AddressInfo } from 'node:net';
import type http from 'node:http';
import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { featureRouters } from '../../app.js';
import { testContext } from '../../../test/support/context.js';
import { routeIndex, segmentsServed } from './route-index.js';

let server: http.Server | null = null;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

function listen(app: express.Express): Promise<string> {
  return new Promise((resolve) => {
    server = app.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server!.address() as AddressInfo).port}`));
  });
}

/** Three routers as features write them, and a trace of who saw each request. */
function sample(seen: string[]) {
  const deals = Router();
  deals.use('/deals', (_req, _res, next) => (seen.push('deals guard'), next()));
  deals.get('/deals', (_req, res) => res.send('deal list'));
  deals.get('/deals/broken', (_req, _res, next) => next(new Error('broken')));
  const anything = Router();
  anything.get('/:slug/about', (req, res) => res.send(`about ${req.params.slug}`));
  anything.use((_req, _res, next) => (seen.push('anything'), next()));
  const inline = Router();
  inline.post('/deals/:id/inline', (req, res) => res.send(`inline ${req.params.id}`));
  inline.get('/contacts', (_req, res) => res.send('contact list'));
  return [deals, anything, inline];
}

describe('the route index', () => {
  it('tells the segments a router serves, or that it may answer any path', () => {
    const [deals, anything, inline] = sample([]);
    expect([...segmentsServed(deals!)!]).toEqual(['deals']);
    expect(segmentsServed(anything!)).toBeNull();
    expect([...segmentsServed(inline!)!].sort()).toEqual(['contacts', 'deals']);
  });

  it('answers as Express would: in order, skipping only routers that serve nothing of the path', async () => {
    const seen: string[] = [];
    const app = express();
    app.use(routeIndex(sample(seen)));
    app.use((_req, res) => res.status(404).send('not found'));
    app.use((err: Error, _req: Request, res: Response, _next: NextFunction) => res.status(500).send(err.message));
    const base = await listen(app);
    const text = async (path: string, init?: RequestInit) => {
      const res = await fetch(base + path, init);
      return `${res.status} ${await res.text()}`;
    };
    expect(await text('/deals')).toBe('200 deal list');
    expect(await text('/DEALS')).toBe('200 deal list');
    expect(await text('/deals/7/inline', { method: 'POST' })).toBe('200 inline 7');
    expect(await text('/contacts?q=x')).toBe('200 contact list');
    expect(await text('/team/about')).toBe('200 about team');
    expect(await text('/deals/broken')).toBe('500 broken');
    expect(await text('/nowhere')).toBe('404 not found');
    expect(seen).toEqual(['deals guard', 'deals guard', 'deals guard', 'anything', 'anything', 'deals guard', 'anything']);
  });

  it('knows the segments of every feature router, so no page walks the whole application', () => {
    const unknown = featureRouters(testContext()).filter((router) => segmentsServed(router) === null);
    expect(unknown).toHaveLength(0);
  });
});
