import { sql } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';
import type { BoundEntity } from '../../platform/access/activities.js';

export interface RecordRef {
  entity: BoundEntity;
  entityId: number;
}

/**
 * The live records an e-mail belongs to: every lead, contact and company one of the addresses is a
 * communication of (the `communications` lookup index, lower-cased addresses), and the open deals of
 * those contacts and companies. A converted lead is left out: its mail goes on under the contact and
 * company it became, which have its addresses.
 */
export function recordsForAddresses(db: Db, addresses: string[]): RecordRef[] {
  const list = [...new Set(addresses.map((a) => a.trim().toLowerCase()).filter(Boolean))];
  if (list.length === 0) return [];
  const json = JSON.stringify(list);
  return db.all<RecordRef>(sql`
    WITH found AS (
      SELECT DISTINCT entity, entity_id FROM communications
      WHERE kind = 'email' AND normalized IN (SELECT value FROM json_each(${json}))
    ),
    live AS (
      SELECT f.entity, f.entity_id FROM found f JOIN leads l ON f.entity = 'lead' AND l.id = f.entity_id AND l.deleted_at IS NULL AND l.converted_at IS NULL
      UNION SELECT f.entity, f.entity_id FROM found f JOIN contacts c ON f.entity = 'contact' AND c.id = f.entity_id AND c.deleted_at IS NULL
      UNION SELECT f.entity, f.entity_id FROM found f JOIN companies c ON f.entity = 'company' AND c.id = f.entity_id AND c.deleted_at IS NULL
    )
    SELECT entity, entity_id AS entityId FROM live
    UNION
    SELECT 'deal', d.id FROM deals d
    WHERE d.deleted_at IS NULL AND d.closed_at IS NULL
      AND (d.contact_id IN (SELECT entity_id FROM live WHERE entity = 'contact') OR d.company_id IN (SELECT entity_id FROM live WHERE entity = 'company'))
    ORDER BY 1, 2`);
}

/** A list of records without repeats, in the order first seen. */
export function uniqueRecords(list: RecordRef[]): RecordRef[] {
  const seen = new Set<string>();
  return list.filter((r) => {
    const key = `${r.entity}:${r.entityId}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
