CREATE TABLE `deal_stage_changes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`deal_id` integer NOT NULL,
	`stage_id` integer NOT NULL,
	`entered_at` integer NOT NULL,
	`left_at` integer,
	FOREIGN KEY (`deal_id`) REFERENCES `deals`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`stage_id`) REFERENCES `stages`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `deal_stage_changes_deal` ON `deal_stage_changes` (`deal_id`,`stage_id`,`entered_at`,`left_at`);--> statement-breakpoint
CREATE TABLE `report_filters` (
	`user_id` integer NOT NULL,
	`report` text NOT NULL,
	`params` text NOT NULL,
	PRIMARY KEY(`user_id`, `report`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
ALTER TABLE `deals` ADD `furthest_stage_id` integer;--> statement-breakpoint
CREATE INDEX `deals_report_created_live` ON `deals` (`created_at`,`responsible_id`,`stage_id`,`currency`,`amount_minor`,`contact_id`,`company_id`,`type_id`,`furthest_stage_id`,`deleted_at`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `deals_report_people_live` ON `deals` (`responsible_id`,`currency`,`created_at`,`stage_id`,`amount_minor`,`type_id`,`company_id`,`deleted_at`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `deals_report_closed_live` ON `deals` (`closed_at`,`responsible_id`,`stage_id`,`currency`,`amount_minor`,`company_id`,`type_id`,`deleted_at`) WHERE deleted_at IS NULL AND closed_at IS NOT NULL;--> statement-breakpoint
CREATE INDEX `deals_report_expected_live` ON `deals` (`expected_close`,`stage_id`,`responsible_id`,`currency`,`amount_minor`,`probability`,`company_id`,`type_id`,`deleted_at`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `leads_report_created_live` ON `leads` (`created_at`,`status_id`,`responsible_id`,`deleted_at`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `activities_report_done` ON `activities` (`responsible_id`,`type`,`done_at`) WHERE done_at IS NOT NULL;