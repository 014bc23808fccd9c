CREATE TABLE `mail_attachments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`message_row_id` integer NOT NULL,
	`filename` text NOT NULL,
	`content_type` text NOT NULL,
	`size` integer NOT NULL,
	`stored_path` text NOT NULL,
	`content_id` text,
	FOREIGN KEY (`message_row_id`) REFERENCES `mail_messages`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `mail_attachments_message` ON `mail_attachments` (`message_row_id`);--> statement-breakpoint
CREATE TABLE `mail_campaigns` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`created_by` integer NOT NULL,
	`entity` text NOT NULL,
	`subject` text NOT NULL,
	`body` text NOT NULL,
	`per_minute` integer NOT NULL,
	`total` integer NOT NULL,
	`skipped` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`finished_at` integer,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `mail_messages` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`message_id` text NOT NULL,
	`thread_id` text NOT NULL,
	`direction` text NOT NULL,
	`kind` text DEFAULT 'record' NOT NULL,
	`mailbox_id` integer,
	`activity_id` integer,
	`campaign_id` integer,
	`user_id` integer,
	`from_address` text NOT NULL,
	`from_name` text,
	`to_list` text DEFAULT '[]' NOT NULL,
	`cc_list` text DEFAULT '[]' NOT NULL,
	`bcc_list` text DEFAULT '[]' NOT NULL,
	`subject` text NOT NULL,
	`date` integer NOT NULL,
	`in_reply_to` text,
	`refs` text DEFAULT '[]' NOT NULL,
	`body_text` text DEFAULT '' NOT NULL,
	`body_html` text,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer,
	`last_error` text,
	`server_reply` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`mailbox_id`) REFERENCES `mailboxes`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`activity_id`) REFERENCES `activities`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `mail_messages_message_id` ON `mail_messages` (`message_id`);--> statement-breakpoint
CREATE INDEX `mail_messages_thread` ON `mail_messages` (`thread_id`,`date`);--> statement-breakpoint
CREATE INDEX `mail_messages_activity` ON `mail_messages` (`activity_id`);--> statement-breakpoint
CREATE INDEX `mail_messages_campaign` ON `mail_messages` (`campaign_id`,`status`);--> statement-breakpoint
CREATE INDEX `mail_messages_outbox` ON `mail_messages` (`next_attempt_at`) WHERE status IN ('queued', 'retry', 'sending');--> statement-breakpoint
CREATE TABLE `mail_settings` (
	`id` integer PRIMARY KEY NOT NULL,
	`smtp_host` text NOT NULL,
	`smtp_port` integer NOT NULL,
	`smtp_security` text NOT NULL,
	`smtp_user` text,
	`smtp_password_enc` text,
	`from_email` text NOT NULL,
	`exclusions` text DEFAULT '' NOT NULL,
	`max_attachment_mb` integer DEFAULT 10 NOT NULL,
	`notify_cursor` integer DEFAULT 0 NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `mail_templates` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`subject` text NOT NULL,
	`body` text NOT NULL,
	`owner_id` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`owner_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `mail_templates_owner` ON `mail_templates` (`owner_id`,`name`);--> statement-breakpoint
CREATE TABLE `mailbox_folders` (
	`mailbox_id` integer NOT NULL,
	`path` text NOT NULL,
	`uid_validity` text NOT NULL,
	`last_uid` integer NOT NULL,
	`since` integer,
	PRIMARY KEY(`mailbox_id`, `path`),
	FOREIGN KEY (`mailbox_id`) REFERENCES `mailboxes`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `mailboxes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`owner_id` integer NOT NULL,
	`purpose` text DEFAULT 'personal' NOT NULL,
	`address` text NOT NULL,
	`host` text NOT NULL,
	`port` integer NOT NULL,
	`security` text NOT NULL,
	`username` text NOT NULL,
	`password_enc` text NOT NULL,
	`folders` text DEFAULT '["INBOX","Sent"]' NOT NULL,
	`collect_days` integer,
	`create_leads` integer DEFAULT true NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`next_sync_at` integer DEFAULT 0 NOT NULL,
	`last_sync_at` integer,
	`last_error` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`owner_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `mailboxes_owner` ON `mailboxes` (`owner_id`);--> statement-breakpoint
CREATE TABLE `user_mail_prefs` (
	`user_id` integer PRIMARY KEY NOT NULL,
	`from_name` text,
	`signature` text,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
