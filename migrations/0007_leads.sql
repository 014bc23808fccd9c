CREATE TABLE `leads` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`title` text NOT NULL,
	`last_name` text,
	`first_name` text,
	`middle_name` text,
	`company_title` text,
	`position` text,
	`status_id` integer NOT NULL,
	`source_id` integer,
	`amount_minor` integer DEFAULT 0 NOT NULL,
	`currency` text NOT NULL,
	`everyone` integer DEFAULT false NOT NULL,
	`converted_at` integer,
	`contact_id` integer,
	`company_id` integer,
	`deal_id` integer,
	`comments` text,
	`responsible_id` integer NOT NULL,
	`custom` text DEFAULT '{}' NOT NULL,
	`created_by` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`deleted_at` integer,
	`deleted_by` integer,
	FOREIGN KEY (`status_id`) REFERENCES `lead_statuses`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`source_id`) REFERENCES `reference_items`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`deal_id`) REFERENCES `deals`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`responsible_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`deleted_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `leads_board` ON `leads` (`status_id`,`deleted_at`,`id`);--> statement-breakpoint
CREATE INDEX `leads_live` ON `leads` (`deleted_at`,`id`);--> statement-breakpoint
CREATE INDEX `leads_responsible` ON `leads` (`responsible_id`,`id`);--> statement-breakpoint
CREATE INDEX `leads_title` ON `leads` (`title`,`id`);