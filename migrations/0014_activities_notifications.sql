CREATE TABLE `activities` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`type` text NOT NULL,
	`subject` text NOT NULL,
	`description` text,
	`entity` text NOT NULL,
	`entity_id` integer NOT NULL,
	`responsible_id` integer NOT NULL,
	`due_at` integer NOT NULL,
	`end_at` integer,
	`direction` text,
	`duration_min` integer,
	`place` text,
	`participants` text,
	`done_at` integer,
	`done_by` integer,
	`result` text,
	`success` integer,
	`remind_before` integer,
	`remind_at` integer,
	`reminded_at` integer,
	`reminder_late` integer DEFAULT false NOT NULL,
	`repeat_every` integer,
	`repeat_unit` text,
	`repeat_of` integer,
	`created_by` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`responsible_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`done_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `activities_responsible_due` ON `activities` (`responsible_id`,`due_at`);--> statement-breakpoint
CREATE INDEX `activities_due_reminders` ON `activities` (`remind_at`) WHERE reminded_at IS NULL AND done_at IS NULL AND remind_at IS NOT NULL;--> statement-breakpoint
CREATE TABLE `activity_bindings` (
	`activity_id` integer NOT NULL,
	`entity` text NOT NULL,
	`entity_id` integer NOT NULL,
	PRIMARY KEY(`activity_id`, `entity`, `entity_id`),
	FOREIGN KEY (`activity_id`) REFERENCES `activities`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `activity_bindings_record` ON `activity_bindings` (`entity`,`entity_id`);--> statement-breakpoint
CREATE TABLE `notification_email_prefs` (
	`user_id` integer NOT NULL,
	`kind` text NOT NULL,
	`email` integer NOT NULL,
	PRIMARY KEY(`user_id`, `kind`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `notifications` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`kind` text NOT NULL,
	`entity` text NOT NULL,
	`entity_id` integer NOT NULL,
	`actor_id` integer,
	`message_key` text NOT NULL,
	`params` text DEFAULT '{}' NOT NULL,
	`link` text NOT NULL,
	`at` integer NOT NULL,
	`read_at` integer,
	`dedupe_key` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`actor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `notifications_user` ON `notifications` (`user_id`,`id`);--> statement-breakpoint
CREATE INDEX `notifications_unread` ON `notifications` (`user_id`) WHERE read_at IS NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `notifications_dedupe` ON `notifications` (`dedupe_key`);