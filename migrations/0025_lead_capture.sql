CREATE TABLE `distribution_state` (
	`key` text PRIMARY KEY NOT NULL,
	`last_user_id` integer,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`last_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `capture_throttle` (
	`address` text PRIMARY KEY NOT NULL,
	`count` integer NOT NULL,
	`window_started_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `form_rejections` (
	`form_id` integer NOT NULL,
	`reason` text NOT NULL,
	`count` integer NOT NULL,
	`last_at` integer NOT NULL,
	PRIMARY KEY(`form_id`, `reason`),
	FOREIGN KEY (`form_id`) REFERENCES `web_forms`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `form_submissions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`form_id` integer NOT NULL,
	`status` text NOT NULL,
	`values` text NOT NULL,
	`meta` text NOT NULL,
	`at` integer NOT NULL,
	`decided_by` integer,
	`decided_at` integer,
	`entity` text,
	`entity_id` integer,
	FOREIGN KEY (`form_id`) REFERENCES `web_forms`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `form_submissions_form` ON `form_submissions` (`form_id`,`status`,`id`);--> statement-breakpoint
CREATE INDEX `form_submissions_waiting` ON `form_submissions` (`id`) WHERE status = 'waiting';--> statement-breakpoint
CREATE TABLE `integration_tokens` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`user_id` integer NOT NULL,
	`token_hash` text NOT NULL,
	`token_hint` text NOT NULL,
	`created_by` integer,
	`created_at` integer NOT NULL,
	`last_used_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `integration_tokens_token_hash_unique` ON `integration_tokens` (`token_hash`);--> statement-breakpoint
CREATE TABLE `record_origins` (
	`entity` text NOT NULL,
	`entity_id` integer NOT NULL,
	`channel` text NOT NULL,
	`form_id` integer,
	`source_name` text NOT NULL,
	`page_url` text,
	`referrer` text,
	`utm_source` text,
	`utm_medium` text,
	`utm_campaign` text,
	`utm_content` text,
	`utm_term` text,
	`at` integer NOT NULL,
	PRIMARY KEY(`entity`, `entity_id`),
	FOREIGN KEY (`form_id`) REFERENCES `web_forms`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE TABLE `web_forms` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`key` text NOT NULL,
	`name` text NOT NULL,
	`title` text NOT NULL,
	`description` text,
	`locale` text NOT NULL,
	`fields` text DEFAULT '[]' NOT NULL,
	`button_text` text NOT NULL,
	`accent_color` text NOT NULL,
	`background_color` text NOT NULL,
	`text_color` text NOT NULL,
	`consent` integer DEFAULT false NOT NULL,
	`consent_label` text,
	`policy_text` text,
	`policy_url` text,
	`creates` text NOT NULL,
	`pipeline_id` integer,
	`source_id` integer,
	`responsible_mode` text NOT NULL,
	`responsible_ids` text DEFAULT '[]' NOT NULL,
	`after_submit` text NOT NULL,
	`success_text` text,
	`redirect_url` text,
	`transfer` text NOT NULL,
	`active` integer DEFAULT false NOT NULL,
	`api_token_hash` text,
	`api_token_hint` text,
	`created_by` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`pipeline_id`) REFERENCES `pipelines`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`source_id`) REFERENCES `reference_items`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `web_forms_key_unique` ON `web_forms` (`key`);--> statement-breakpoint
CREATE INDEX `web_forms_api_token` ON `web_forms` (`api_token_hash`);--> statement-breakpoint
ALTER TABLE `roles` ADD `may_edit_forms` integer DEFAULT false NOT NULL;