CREATE TABLE `list_settings` (
	`user_id` integer NOT NULL,
	`entity` text NOT NULL,
	`columns` text,
	`default_view_id` integer,
	PRIMARY KEY(`user_id`, `entity`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`default_view_id`) REFERENCES `list_views`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE TABLE `list_views` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`entity` text NOT NULL,
	`name` text NOT NULL,
	`params` text NOT NULL,
	`columns` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `list_views_owner` ON `list_views` (`user_id`,`entity`,`name`);--> statement-breakpoint
CREATE INDEX `deals_updated_live` ON `deals` (`updated_at`,`id`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `deals_close_live` ON `deals` (`expected_close`,`id`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `leads_created_live` ON `leads` (`created_at`,`id`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `leads_updated_live` ON `leads` (`updated_at`,`id`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `leads_title_live` ON `leads` (`title`,`id`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `leads_amount_live` ON `leads` (`amount_minor`,`id`) WHERE deleted_at IS NULL;