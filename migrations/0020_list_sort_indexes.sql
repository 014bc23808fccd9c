CREATE INDEX `users_name` ON `users` (`full_name`,`id`);--> statement-breakpoint
CREATE INDEX `pipelines_sort` ON `pipelines` (`sort`,`id`);--> statement-breakpoint
CREATE INDEX `reference_items_name` ON `reference_items` (`name`,`id`);--> statement-breakpoint
CREATE INDEX `companies_type_live` ON `companies` (`type_id`,`id`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `companies_industry_live` ON `companies` (`industry_id`,`id`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `contacts_type_live` ON `contacts` (`type_id`,`id`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `contacts_source_live` ON `contacts` (`source_id`,`id`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `deals_pipeline_live` ON `deals` (`pipeline_id`,`id`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `deals_type_live` ON `deals` (`type_id`,`id`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `deals_source_live` ON `deals` (`source_id`,`id`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `leads_source_live` ON `leads` (`source_id`,`id`) WHERE deleted_at IS NULL;