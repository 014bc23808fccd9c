DROP INDEX `companies_title`;--> statement-breakpoint
CREATE INDEX `companies_title_live` ON `companies` (`title`,`id`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `companies_created_live` ON `companies` (`created_at`,`id`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `companies_updated_live` ON `companies` (`updated_at`,`id`) WHERE deleted_at IS NULL;--> statement-breakpoint
DROP INDEX `contacts_name`;--> statement-breakpoint
CREATE INDEX `contacts_name_live` ON `contacts` (`full_name`,`id`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `contacts_created_live` ON `contacts` (`created_at`,`id`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `contacts_updated_live` ON `contacts` (`updated_at`,`id`) WHERE deleted_at IS NULL;--> statement-breakpoint
DROP INDEX `deals_board`;--> statement-breakpoint
DROP INDEX `deals_title`;--> statement-breakpoint
CREATE INDEX `deals_stage_live` ON `deals` (`stage_id`,`id`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `deals_totals_live` ON `deals` (`pipeline_id`,`stage_id`,`currency`,`amount_minor`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `deals_title_live` ON `deals` (`title`,`id`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `deals_created_live` ON `deals` (`created_at`,`id`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `deals_amount_live` ON `deals` (`amount_minor`,`id`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `deals_pipeline_created_live` ON `deals` (`pipeline_id`,`created_at`,`id`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `deals_pipeline_amount_live` ON `deals` (`pipeline_id`,`amount_minor`,`id`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `deals_responsible_created_live` ON `deals` (`responsible_id`,`created_at`,`id`) WHERE deleted_at IS NULL;--> statement-breakpoint
DROP INDEX `leads_board`;--> statement-breakpoint
DROP INDEX `leads_title`;--> statement-breakpoint
CREATE INDEX `leads_status_live` ON `leads` (`status_id`,`id`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `leads_responsible_live` ON `leads` (`responsible_id`,`id`) WHERE deleted_at IS NULL;