-- A deal's stage_rank is its stage's place among all stages (pipeline_id * 10000 + sort), a lead's
-- status_rank its status's position: lists sorted by stage or status walk their (rank, id) index
-- instead of sorting every row (migration 0017). Triggers keep them on every path that writes a
-- record or reorders stages and statuses.
UPDATE deals SET stage_rank = (SELECT pipeline_id * 10000 + sort FROM stages WHERE stages.id = deals.stage_id);
--> statement-breakpoint
UPDATE leads SET status_rank = (SELECT sort FROM lead_statuses WHERE lead_statuses.id = leads.status_id);
--> statement-breakpoint
CREATE TRIGGER deals_stage_rank_insert AFTER INSERT ON deals BEGIN
  UPDATE deals SET stage_rank = (SELECT pipeline_id * 10000 + sort FROM stages WHERE stages.id = NEW.stage_id) WHERE id = NEW.id;
END;
--> statement-breakpoint
CREATE TRIGGER deals_stage_rank_update AFTER UPDATE OF stage_id ON deals BEGIN
  UPDATE deals SET stage_rank = (SELECT pipeline_id * 10000 + sort FROM stages WHERE stages.id = NEW.stage_id) WHERE id = NEW.id;
END;
--> statement-breakpoint
CREATE TRIGGER stages_rank_update AFTER UPDATE OF pipeline_id, sort ON stages BEGIN
  UPDATE deals SET stage_rank = NEW.pipeline_id * 10000 + NEW.sort WHERE stage_id = NEW.id;
END;
--> statement-breakpoint
CREATE TRIGGER leads_status_rank_insert AFTER INSERT ON leads BEGIN
  UPDATE leads SET status_rank = (SELECT sort FROM lead_statuses WHERE lead_statuses.id = NEW.status_id) WHERE id = NEW.id;
END;
--> statement-breakpoint
CREATE TRIGGER leads_status_rank_update AFTER UPDATE OF status_id ON leads BEGIN
  UPDATE leads SET status_rank = (SELECT sort FROM lead_statuses WHERE lead_statuses.id = NEW.status_id) WHERE id = NEW.id;
END;
--> statement-breakpoint
CREATE TRIGGER lead_statuses_rank_update AFTER UPDATE OF sort ON lead_statuses BEGIN
  UPDATE leads SET status_rank = NEW.sort WHERE status_id = NEW.id;
END;
