ALTER TABLE `deals` ADD `stage_rank` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `deals_stage_rank_live` ON `deals` (`stage_rank`,`id`) WHERE deleted_at IS NULL;--> statement-breakpoint
ALTER TABLE `leads` ADD `status_rank` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `leads_status_rank_live` ON `leads` (`status_rank`,`id`) WHERE deleted_at IS NULL;