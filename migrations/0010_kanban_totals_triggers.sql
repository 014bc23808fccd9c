-- Kanban column totals (src/db/schema/totals.ts) follow every write to deals and leads through
-- triggers, so no code path (forms, kanban moves, bulk actions, merges, restores, imports) can leave
-- them behind. Only live rows (deleted_at IS NULL) count. Emptied groups are removed.
CREATE TRIGGER deal_totals_insert AFTER INSERT ON deals WHEN NEW.deleted_at IS NULL BEGIN
  INSERT INTO deal_totals (pipeline_id, stage_id, responsible_id, everyone, currency, count, amount_minor)
  VALUES (NEW.pipeline_id, NEW.stage_id, NEW.responsible_id, NEW.everyone, NEW.currency, 1, NEW.amount_minor)
  ON CONFLICT (stage_id, responsible_id, everyone, currency) DO UPDATE SET count = count + 1, amount_minor = amount_minor + excluded.amount_minor;
END;
--> statement-breakpoint
CREATE TRIGGER deal_totals_delete AFTER DELETE ON deals WHEN OLD.deleted_at IS NULL BEGIN
  UPDATE deal_totals SET count = count - 1, amount_minor = amount_minor - OLD.amount_minor
  WHERE stage_id = OLD.stage_id AND responsible_id = OLD.responsible_id AND everyone = OLD.everyone AND currency = OLD.currency;
  DELETE FROM deal_totals WHERE stage_id = OLD.stage_id AND responsible_id = OLD.responsible_id AND everyone = OLD.everyone AND currency = OLD.currency AND count = 0;
END;
--> statement-breakpoint
CREATE TRIGGER deal_totals_update AFTER UPDATE OF pipeline_id, stage_id, responsible_id, everyone, currency, amount_minor, deleted_at ON deals BEGIN
  UPDATE deal_totals SET count = count - 1, amount_minor = amount_minor - OLD.amount_minor
  WHERE OLD.deleted_at IS NULL AND stage_id = OLD.stage_id AND responsible_id = OLD.responsible_id AND everyone = OLD.everyone AND currency = OLD.currency;
  DELETE FROM deal_totals WHERE stage_id = OLD.stage_id AND responsible_id = OLD.responsible_id AND everyone = OLD.everyone AND currency = OLD.currency AND count = 0;
  INSERT INTO deal_totals (pipeline_id, stage_id, responsible_id, everyone, currency, count, amount_minor)
  SELECT NEW.pipeline_id, NEW.stage_id, NEW.responsible_id, NEW.everyone, NEW.currency, 1, NEW.amount_minor WHERE NEW.deleted_at IS NULL
  ON CONFLICT (stage_id, responsible_id, everyone, currency) DO UPDATE SET count = count + 1, amount_minor = amount_minor + excluded.amount_minor;
END;
--> statement-breakpoint
CREATE TRIGGER lead_totals_insert AFTER INSERT ON leads WHEN NEW.deleted_at IS NULL BEGIN
  INSERT INTO lead_totals (status_id, responsible_id, everyone, count) VALUES (NEW.status_id, NEW.responsible_id, NEW.everyone, 1)
  ON CONFLICT (status_id, responsible_id, everyone) DO UPDATE SET count = count + 1;
END;
--> statement-breakpoint
CREATE TRIGGER lead_totals_delete AFTER DELETE ON leads WHEN OLD.deleted_at IS NULL BEGIN
  UPDATE lead_totals SET count = count - 1 WHERE status_id = OLD.status_id AND responsible_id = OLD.responsible_id AND everyone = OLD.everyone;
  DELETE FROM lead_totals WHERE status_id = OLD.status_id AND responsible_id = OLD.responsible_id AND everyone = OLD.everyone AND count = 0;
END;
--> statement-breakpoint
CREATE TRIGGER lead_totals_update AFTER UPDATE OF status_id, responsible_id, everyone, deleted_at ON leads BEGIN
  UPDATE lead_totals SET count = count - 1
  WHERE OLD.deleted_at IS NULL AND status_id = OLD.status_id AND responsible_id = OLD.responsible_id AND everyone = OLD.everyone;
  DELETE FROM lead_totals WHERE status_id = OLD.status_id AND responsible_id = OLD.responsible_id AND everyone = OLD.everyone AND count = 0;
  INSERT INTO lead_totals (status_id, responsible_id, everyone, count)
  SELECT NEW.status_id, NEW.responsible_id, NEW.everyone, 1 WHERE NEW.deleted_at IS NULL
  ON CONFLICT (status_id, responsible_id, everyone) DO UPDATE SET count = count + 1;
END;
--> statement-breakpoint
-- The totals of the records already there.
INSERT INTO deal_totals (pipeline_id, stage_id, responsible_id, everyone, currency, count, amount_minor)
SELECT pipeline_id, stage_id, responsible_id, everyone, currency, count(*), sum(amount_minor) FROM deals WHERE deleted_at IS NULL
GROUP BY stage_id, responsible_id, everyone, currency;
--> statement-breakpoint
INSERT INTO lead_totals (status_id, responsible_id, everyone, count)
SELECT status_id, responsible_id, everyone, count(*) FROM leads WHERE deleted_at IS NULL GROUP BY status_id, responsible_id, everyone;
