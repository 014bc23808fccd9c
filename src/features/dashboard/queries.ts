import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';
import { dashboardWidgets, dashboards } from '../../db/schema/index.js';

export interface StoredWidget {
  report: string;
  period: string;
}

/** The user's widgets in their order; null when they never chose any (not the same as choosing none). */
export function storedWidgets(db: Db, userId: number): StoredWidget[] | null {
  const chosen = db.select({ userId: dashboards.userId }).from(dashboards).where(eq(dashboards.userId, userId)).get();
  if (!chosen) return null;
  return db
    .select({ report: dashboardWidgets.report, period: dashboardWidgets.period })
    .from(dashboardWidgets)
    .where(eq(dashboardWidgets.userId, userId))
    .orderBy(asc(dashboardWidgets.position))
    .all();
}

/** Replaces the user's widgets with `widgets`, in this order (inside the caller's transaction). */
export function replaceWidgets(db: Db, userId: number, widgets: StoredWidget[], now: number): void {
  db.insert(dashboards).values({ userId, updatedAt: now }).onConflictDoUpdate({ target: dashboards.userId, set: { updatedAt: now } }).run();
  db.delete(dashboardWidgets).where(eq(dashboardWidgets.userId, userId)).run();
  if (widgets.length) db.insert(dashboardWidgets).values(widgets.map((w, position) => ({ userId, position, report: w.report, period: w.period }))).run();
}
