CREATE TABLE `saved_report_roles` (
	`report_id` integer NOT NULL,
	`role_id` integer NOT NULL,
	PRIMARY KEY(`report_id`, `role_id`),
	FOREIGN KEY (`report_id`) REFERENCES `saved_reports`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`role_id`) REFERENCES `roles`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `saved_report_roles_role` ON `saved_report_roles` (`role_id`);--> statement-breakpoint
CREATE TABLE `saved_reports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`owner_id` integer NOT NULL,
	`definition` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`owner_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `saved_reports_owner` ON `saved_reports` (`owner_id`);