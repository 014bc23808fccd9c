CREATE TABLE `distribution_state` (
	`key` text PRIMARY KEY NOT NULL,
	`last_user_id` integer,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`last_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
