import { eq } from 'drizzle-orm';
import type { Db } from '../db/connection.js';
import { settings } from '../db/schema/index.js';

export function getSetting(db: Db, key: string): string | null {
  return db.select({ value: settings.value }).from(settings).where(eq(settings.key, key)).get()?.value ?? null;
}

/** Keeps an existing value: the first writer wins, so two processes racing at first start agree. */
export function setSetting(db: Db, key: string, value: string): void {
  db.insert(settings).values({ key, value }).onConflictDoNothing().run();
}
