import type { Request } from 'express';
import { NotFoundError } from '../errors.js';

/** The record id in the URL (`/deals/:id`); anything but a positive integer is "not found". */
export function idParam(req: Request): number {
  const id = Number(req.params.id);
  if (!Number.isInteger(id) || id <= 0) throw new NotFoundError();
  return id;
}
