CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`user_id` integer,
	`kind` text NOT NULL,
	`ip` text,
	`details` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `audit_log_at` ON `audit_log` (`at`);--> statement-breakpoint
CREATE INDEX `audit_log_kind_at` ON `audit_log` (`kind`,`at`);--> statement-breakpoint
CREATE INDEX `audit_log_user_at` ON `audit_log` (`user_id`,`at`);--> statement-breakpoint
CREATE TABLE `role_permissions` (
	`role_id` integer NOT NULL,
	`entity` text NOT NULL,
	`action` text NOT NULL,
	`scope` text NOT NULL,
	PRIMARY KEY(`role_id`, `entity`, `action`),
	FOREIGN KEY (`role_id`) REFERENCES `roles`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
ALTER TABLE `roles` ADD `may_settings` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `roles` ADD `may_edit_catalog` integer DEFAULT false NOT NULL;