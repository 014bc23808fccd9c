CREATE TABLE `exchange_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`user_id` integer,
	`ip` text,
	`method` text NOT NULL,
	`type` text,
	`mode` text,
	`filename` text,
	`bytes_in` integer DEFAULT 0 NOT NULL,
	`status` integer NOT NULL,
	`answer` text NOT NULL,
	`ms` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `exchange_log_at` ON `exchange_log` (`at`);--> statement-breakpoint
CREATE TABLE `exchange_orders` (
	`deal_id` integer PRIMARY KEY NOT NULL,
	`exchange_id` text NOT NULL,
	`number` text,
	`number_1c` text,
	`version` text,
	`origin` text NOT NULL,
	`imported_updated_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`deal_id`) REFERENCES `deals`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `exchange_orders_exchange_id` ON `exchange_orders` (`exchange_id`);--> statement-breakpoint
CREATE INDEX `exchange_orders_number_1c` ON `exchange_orders` (`number_1c`);--> statement-breakpoint
CREATE TABLE `exchange_parties` (
	`external_id` text NOT NULL,
	`entity` text NOT NULL,
	`record_id` integer NOT NULL,
	PRIMARY KEY(`entity`, `external_id`)
);
--> statement-breakpoint
CREATE TABLE `exchange_price_types` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`currency` text,
	`tax_included` integer,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `exchange_properties` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`value_type` text,
	`options` text DEFAULT '{}' NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `exchange_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`source` text NOT NULL,
	`type` text NOT NULL,
	`direction` text NOT NULL,
	`filename` text NOT NULL,
	`user_id` integer,
	`started_at` integer NOT NULL,
	`finished_at` integer,
	`outcome` text NOT NULL,
	`counts` text,
	`error` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `exchange_runs_started` ON `exchange_runs` (`started_at`);--> statement-breakpoint
CREATE TABLE `exchange_sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`created_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL,
	`ip` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `exchange_sessions_user` ON `exchange_sessions` (`user_id`);--> statement-breakpoint
CREATE TABLE `exchange_warehouses` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`deleted` integer DEFAULT false NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `product_exchange` (
	`product_id` integer PRIMARY KEY NOT NULL,
	`version` text,
	`barcode` text,
	`properties` text,
	`parent_id` integer,
	`from_order` integer DEFAULT false NOT NULL,
	`stock` integer,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`parent_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `product_exchange_parent` ON `product_exchange` (`parent_id`);--> statement-breakpoint
CREATE TABLE `product_prices` (
	`product_id` integer NOT NULL,
	`price_type_id` text NOT NULL,
	`price_minor` integer NOT NULL,
	`currency` text NOT NULL,
	PRIMARY KEY(`product_id`, `price_type_id`),
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `product_stock` (
	`product_id` integer NOT NULL,
	`warehouse_id` text NOT NULL,
	`quantity` integer NOT NULL,
	PRIMARY KEY(`product_id`, `warehouse_id`),
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `roles` ADD `may_exchange` integer DEFAULT false NOT NULL;