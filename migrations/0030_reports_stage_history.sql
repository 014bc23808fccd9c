-- From now on every stage a deal enters is recorded by triggers, so no path that moves a deal can miss
-- it; the time is the deal's own created_at / updated_at, which the services set from their clock.
CREATE TRIGGER deal_stage_changes_insert AFTER INSERT ON deals BEGIN
  INSERT INTO deal_stage_changes (deal_id, stage_id, entered_at, left_at) VALUES (NEW.id, NEW.stage_id, NEW.created_at, NULL);
  UPDATE deals SET furthest_stage_id = NEW.stage_id WHERE id = NEW.id AND (SELECT semantics FROM stages WHERE id = NEW.stage_id) <> 'lost';
END;
--> statement-breakpoint
CREATE TRIGGER deal_stage_changes_update AFTER UPDATE OF stage_id ON deals WHEN NEW.stage_id IS NOT OLD.stage_id BEGIN
  UPDATE deal_stage_changes SET left_at = NEW.updated_at WHERE deal_id = NEW.id AND left_at IS NULL;
  INSERT INTO deal_stage_changes (deal_id, stage_id, entered_at, left_at) VALUES (NEW.id, NEW.stage_id, NEW.updated_at, NULL);
  -- The furthest stage moves on when the new one is not lost and lies further, or the deal changed pipeline.
  UPDATE deals SET furthest_stage_id = NEW.stage_id WHERE id = NEW.id
    AND (SELECT semantics FROM stages WHERE id = NEW.stage_id) <> 'lost'
    AND (NEW.furthest_stage_id IS NULL
      OR (SELECT pipeline_id FROM stages WHERE id = NEW.furthest_stage_id) IS NOT (SELECT pipeline_id FROM stages WHERE id = NEW.stage_id)
      OR (SELECT sort FROM stages WHERE id = NEW.stage_id) > (SELECT sort FROM stages WHERE id = NEW.furthest_stage_id));
END;
--> statement-breakpoint
-- The deals already there: their stages rebuilt from the history's "stage" changes (each names the
-- stage as it was shown: its own name, or a built-in one's message key behind \u0001), matched within
-- the deal's pipeline. The stage before the first change began when the deal was made; the last one
-- lasts until now. A change naming a stage that no longer matches (renamed since) is left out; a
-- deal without changes was in its present stage since it was made.
INSERT INTO deal_stage_changes (deal_id, stage_id, entered_at, left_at)
WITH changes AS (
  SELECT h.entity_id AS deal_id, h.at AS at, h.old_value AS old_value, h.new_value AS new_value,
    ROW_NUMBER() OVER (PARTITION BY h.entity_id ORDER BY h.at, h.id) AS n,
    LEAD(h.at) OVER (PARTITION BY h.entity_id ORDER BY h.at, h.id) AS next_at
  FROM history h JOIN deals d ON d.id = h.entity_id
  WHERE h.entity = 'deal' AND h.kind = 'changed' AND h.field = 'stage'
),
named AS (
  SELECT c.*, d.created_at AS created_at, d.stage_id AS current_stage,
    (SELECT s.id FROM stages s WHERE s.pipeline_id = d.pipeline_id AND (c.old_value = s.name OR c.old_value = char(1) || 'seed.stage.' || s.code) ORDER BY s.sort LIMIT 1) AS old_stage,
    (SELECT s.id FROM stages s WHERE s.pipeline_id = d.pipeline_id AND (c.new_value = s.name OR c.new_value = char(1) || 'seed.stage.' || s.code) ORDER BY s.sort LIMIT 1) AS new_stage
  FROM changes c JOIN deals d ON d.id = c.deal_id
)
SELECT deal_id, old_stage, created_at, at FROM named WHERE n = 1 AND old_stage IS NOT NULL
UNION ALL
SELECT deal_id, CASE WHEN next_at IS NULL THEN current_stage ELSE new_stage END, at, next_at FROM named WHERE next_at IS NOT NULL AND new_stage IS NOT NULL OR next_at IS NULL
UNION ALL
SELECT d.id, d.stage_id, d.created_at, NULL FROM deals d WHERE NOT EXISTS (SELECT 1 FROM history h WHERE h.entity = 'deal' AND h.entity_id = d.id AND h.kind = 'changed' AND h.field = 'stage');
--> statement-breakpoint
-- Each deal's furthest stage from the stages just filled in (those of its pipeline, lost ones not counted).
UPDATE deals SET furthest_stage_id = (SELECT c.stage_id FROM deal_stage_changes c JOIN stages s ON s.id = c.stage_id
  WHERE c.deal_id = deals.id AND s.semantics <> 'lost' AND s.pipeline_id = deals.pipeline_id ORDER BY s.sort DESC LIMIT 1);
