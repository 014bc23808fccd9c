CREATE TABLE `deal_totals` (
	`pipeline_id` integer NOT NULL,
	`stage_id` integer NOT NULL,
	`responsible_id` integer NOT NULL,
	`everyone` integer NOT NULL,
	`currency` text NOT NULL,
	`count` integer NOT NULL,
	`amount_minor` integer NOT NULL,
	PRIMARY KEY(`stage_id`, `responsible_id`, `everyone`, `currency`)
);
--> statement-breakpoint
CREATE INDEX `deal_totals_pipeline` ON `deal_totals` (`pipeline_id`);--> statement-breakpoint
CREATE TABLE `lead_totals` (
	`status_id` integer NOT NULL,
	`responsible_id` integer NOT NULL,
	`everyone` integer NOT NULL,
	`count` integer NOT NULL,
	PRIMARY KEY(`status_id`, `responsible_id`, `everyone`)
);
