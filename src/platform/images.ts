import { eq } from 'drizzle-orm';
import type { Db } from '../db/connection.js';
import { images } from '../db/schema/index.js';

/**
 * Pictures people upload (a product's picture, the seller's logo, signature and stamp). Only PNG and
 * JPEG are taken — what PDF documents embed — recognised by their first bytes, never by the name or
 * type the browser sent; at most MAX_IMAGE_BYTES. They are kept in the database, so backups carry them.
 */
export const MAX_IMAGE_BYTES = 2 * 1024 * 1024;

export type ImageRow = typeof images.$inferSelect;

export function imageMime(data: Buffer): 'image/png' | 'image/jpeg' | null {
  if (data.length > 8 && data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (data.length > 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'image/jpeg';
  return null;
}

/** Stores a checked picture; null when it is not a PNG or JPEG (or is too large). */
export function storeImage(db: Db, data: Buffer, now: number): number | null {
  const mime = imageMime(data);
  if (!mime || data.length > MAX_IMAGE_BYTES) return null;
  return db.insert(images).values({ mime, data, createdAt: now }).returning({ id: images.id }).get().id;
}

export function findImage(db: Db, id: number | null): ImageRow | null {
  if (id === null) return null;
  return db.select().from(images).where(eq(images.id, id)).get() ?? null;
}

export function deleteImage(db: Db, id: number | null): void {
  if (id !== null) db.delete(images).where(eq(images.id, id)).run();
}

/** The picture inline in a page (`img-src data:` is allowed): public pages need no second request. */
export function imageDataUrl(image: ImageRow | null): string | null {
  return image ? `data:${image.mime};base64,${image.data.toString('base64')}` : null;
}
