CREATE TABLE `communications` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`entity` text NOT NULL,
	`entity_id` integer NOT NULL,
	`kind` text NOT NULL,
	`type` text NOT NULL,
	`value` text NOT NULL,
	`normalized` text NOT NULL,
	`sort` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE INDEX `communications_owner` ON `communications` (`entity`,`entity_id`);--> statement-breakpoint
CREATE INDEX `communications_lookup` ON `communications` (`kind`,`normalized`);--> statement-breakpoint
CREATE TABLE `companies` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`title` text NOT NULL,
	`type_id` integer,
	`industry_id` integer,
	`legal_name` text,
	`tax_id` text,
	`kpp` text,
	`ogrn` text,
	`bank_name` text,
	`bank_bik` text,
	`bank_account` text,
	`corr_account` text,
	`legal_address` text,
	`address` text,
	`comments` text,
	`responsible_id` integer NOT NULL,
	`custom` text DEFAULT '{}' NOT NULL,
	`created_by` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`deleted_at` integer,
	`deleted_by` integer,
	FOREIGN KEY (`type_id`) REFERENCES `reference_items`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`industry_id`) REFERENCES `reference_items`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`responsible_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`deleted_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `companies_live` ON `companies` (`deleted_at`,`id`);--> statement-breakpoint
CREATE INDEX `companies_responsible` ON `companies` (`responsible_id`,`id`);--> statement-breakpoint
CREATE INDEX `companies_title` ON `companies` (`title`,`id`);--> statement-breakpoint
CREATE TABLE `contact_companies` (
	`contact_id` integer NOT NULL,
	`company_id` integer NOT NULL,
	PRIMARY KEY(`contact_id`, `company_id`),
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `contact_companies_company` ON `contact_companies` (`company_id`);--> statement-breakpoint
CREATE TABLE `contacts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`last_name` text,
	`first_name` text,
	`middle_name` text,
	`full_name` text NOT NULL,
	`position` text,
	`type_id` integer,
	`source_id` integer,
	`birthday` text,
	`comments` text,
	`responsible_id` integer NOT NULL,
	`custom` text DEFAULT '{}' NOT NULL,
	`created_by` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`deleted_at` integer,
	`deleted_by` integer,
	FOREIGN KEY (`type_id`) REFERENCES `reference_items`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`source_id`) REFERENCES `reference_items`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`responsible_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`deleted_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `contacts_live` ON `contacts` (`deleted_at`,`id`);--> statement-breakpoint
CREATE INDEX `contacts_responsible` ON `contacts` (`responsible_id`,`id`);--> statement-breakpoint
CREATE INDEX `contacts_name` ON `contacts` (`full_name`,`id`);--> statement-breakpoint
CREATE TABLE `history` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`entity` text NOT NULL,
	`entity_id` integer NOT NULL,
	`at` integer NOT NULL,
	`user_id` integer,
	`kind` text NOT NULL,
	`field` text,
	`old_value` text,
	`new_value` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `history_record` ON `history` (`entity`,`entity_id`,`at`);