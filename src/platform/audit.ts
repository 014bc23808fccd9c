import type { Db } from '../db/connection.js';
import { auditLog } from '../db/schema/index.js';

/** Who acts, from where: passed by routes to services that record audit events. */
export interface Actor {
  userId: number | null;
  ip: string | null;
}

export const auditKinds = [
  'signin.ok',
  'signin.failed',
  'signin.locked',
  'user.created',
  'user.updated',
  'user.deactivated',
  'user.reactivated',
  'user.passwordReset',
  'role.created',
  'role.updated',
  'role.deleted',
  'department.created',
  'department.updated',
  'department.deleted',
  'backup.created',
  'backup.downloaded',
  'backup.restored',
  'integration.created',
  'integration.revoked',
  'list.exported',
  'import.finished',
] as const;
export type AuditKind = (typeof auditKinds)[number];

/** Records one audit event; call it inside the transaction of the change it describes. */
export function audit(db: Db, actor: Actor, kind: AuditKind, at: number, details: Record<string, unknown> = {}): void {
  db.insert(auditLog)
    .values({ at, userId: actor.userId, kind, ip: actor.ip, details: Object.keys(details).length ? JSON.stringify(details) : null })
    .run();
}
