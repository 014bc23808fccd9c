import type { NextFunction, Request, Response, Router } from 'express';

interface Layer {
  route?: { path?: unknown };
  rawPath?: unknown;
}

/** The first segments of the paths a router serves, lower-cased; null when it may answer any path. */
export function segmentsServed(router: Router): Set<string> | null {
  const segments = new Set<string>();
  for (const layer of router.stack as Layer[]) {
    const path = layer.route ? layer.route.path : layer.rawPath;
    if (typeof path !== 'string' || !path.startsWith('/')) return null;
    const segment = path.slice(1).split('/')[0]!.toLowerCase();
    if (/[:*?(]/.test(segment)) return null;
    segments.add(segment);
  }
  return segments;
}

function firstSegment(path: string): string {
  const end = path.indexOf('/', 1);
  return (end === -1 ? path.slice(1) : path.slice(1, end)).toLowerCase();
}

/**
 * Hands each request only to the feature routers that serve its first path segment, in their order.
 * Express walks every router in turn, and a router that serves nothing of a path passes it on through
 * `setImmediate`: a page of the twentieth feature waited twenty turns of the event loop and matched a
 * couple of hundred route patterns before its own (measured: 0.17 ms a request, as much as the rest of
 * Express). A router whose paths cannot be told from its stack is asked for every path, so nothing is
 * ever skipped that Express would have tried.
 */
export function routeIndex(routers: Router[]) {
  const served = routers.map(segmentsServed);
  const anyPath = routers.filter((_, i) => served[i] === null);
  const segments = new Set(served.flatMap((s) => (s ? [...s] : [])));
  const bySegment = new Map([...segments].map((segment) => [segment, routers.filter((_, i) => served[i] === null || served[i]!.has(segment))]));
  return (req: Request, res: Response, next: NextFunction) => {
    const chain = bySegment.get(firstSegment(req.path)) ?? anyPath;
    let at = 0;
    const step = (err?: unknown) => {
      if (err || at === chain.length) next(err);
      else chain[at++]!(req, res, step);
    };
    step();
  };
}
