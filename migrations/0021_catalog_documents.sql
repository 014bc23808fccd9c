CREATE TABLE `catalog_sections` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`parent_id` integer,
	`name` text NOT NULL,
	`sort` integer DEFAULT 100 NOT NULL,
	`origin` text DEFAULT 'manual' NOT NULL,
	`external_id` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`parent_id`) REFERENCES `catalog_sections`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `catalog_sections_parent` ON `catalog_sections` (`parent_id`,`sort`);--> statement-breakpoint
CREATE UNIQUE INDEX `catalog_sections_external` ON `catalog_sections` (`origin`,`external_id`) WHERE external_id IS NOT NULL;--> statement-breakpoint
CREATE TABLE `currencies` (
	`code` text PRIMARY KEY NOT NULL,
	`sort` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `currency_rates` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`currency` text NOT NULL,
	`rate` text NOT NULL,
	`set_at` integer NOT NULL,
	`set_by` integer,
	FOREIGN KEY (`currency`) REFERENCES `currencies`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`set_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `currency_rates_currency` ON `currency_rates` (`currency`,`id`);--> statement-breakpoint
CREATE TABLE `images` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`mime` text NOT NULL,
	`data` blob NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `product_rows` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`entity` text NOT NULL,
	`entity_id` integer NOT NULL,
	`sort` integer NOT NULL,
	`product_id` integer,
	`name` text NOT NULL,
	`sku` text,
	`unit_code` text,
	`unit_name` text,
	`quantity` integer NOT NULL,
	`price_minor` integer NOT NULL,
	`discount_kind` text,
	`discount_value` integer,
	`vat_bp` integer,
	`vat_included` integer NOT NULL,
	`gross_minor` integer NOT NULL,
	`discount_minor` integer NOT NULL,
	`net_minor` integer NOT NULL,
	`vat_minor` integer NOT NULL,
	`total_minor` integer NOT NULL,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `product_rows_owner` ON `product_rows` (`entity`,`entity_id`,`sort`);--> statement-breakpoint
CREATE INDEX `product_rows_product` ON `product_rows` (`product_id`);--> statement-breakpoint
CREATE TABLE `product_words` (
	`word` text NOT NULL,
	`product_id` integer NOT NULL,
	PRIMARY KEY(`word`, `product_id`),
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `product_words_product` ON `product_words` (`product_id`);--> statement-breakpoint
CREATE TABLE `products` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`section_id` integer,
	`name` text NOT NULL,
	`sku` text,
	`description` text,
	`unit_code` text,
	`unit_name` text,
	`price_minor` integer DEFAULT 0 NOT NULL,
	`currency` text NOT NULL,
	`vat_bp` integer,
	`vat_included` integer DEFAULT true NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`sort` integer DEFAULT 100 NOT NULL,
	`picture_id` integer,
	`origin` text DEFAULT 'manual' NOT NULL,
	`external_id` text,
	`created_by` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`deleted_at` integer,
	FOREIGN KEY (`section_id`) REFERENCES `catalog_sections`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`picture_id`) REFERENCES `images`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `products_name_live` ON `products` (`name`,`id`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `products_sku_live` ON `products` (`sku`,`id`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `products_section_live` ON `products` (`section_id`,`id`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `products_sort_live` ON `products` (`sort`,`id`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `products_price_live` ON `products` (`price_minor`,`id`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `products_updated_live` ON `products` (`updated_at`,`id`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `products_created_live` ON `products` (`created_at`,`id`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `products_external` ON `products` (`origin`,`external_id`) WHERE external_id IS NOT NULL;--> statement-breakpoint
CREATE TABLE `document_counters` (
	`kind` text NOT NULL,
	`period` integer NOT NULL,
	`last` integer NOT NULL,
	PRIMARY KEY(`kind`, `period`)
);
--> statement-breakpoint
CREATE TABLE `documents` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`number` text NOT NULL,
	`period` integer NOT NULL,
	`seq` integer NOT NULL,
	`issued_on` text NOT NULL,
	`due_on` text,
	`status` text NOT NULL,
	`deal_id` integer,
	`quote_id` integer,
	`contact_id` integer,
	`company_id` integer,
	`currency` text NOT NULL,
	`net_minor` integer DEFAULT 0 NOT NULL,
	`vat_minor` integer DEFAULT 0 NOT NULL,
	`total_minor` integer DEFAULT 0 NOT NULL,
	`paid_minor` integer DEFAULT 0 NOT NULL,
	`language` text NOT NULL,
	`layout` text NOT NULL,
	`notes` text,
	`responsible_id` integer NOT NULL,
	`public_token` text,
	`requisites` text,
	`created_by` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`deleted_at` integer,
	FOREIGN KEY (`deal_id`) REFERENCES `deals`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`quote_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`responsible_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `documents_number` ON `documents` (`kind`,`number`);--> statement-breakpoint
CREATE UNIQUE INDEX `documents_public_token` ON `documents` (`public_token`) WHERE public_token IS NOT NULL;--> statement-breakpoint
CREATE INDEX `documents_kind_live` ON `documents` (`kind`,`id`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `documents_kind_issued_live` ON `documents` (`kind`,`issued_on`,`id`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `documents_kind_due_live` ON `documents` (`kind`,`due_on`,`id`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `documents_kind_total_live` ON `documents` (`kind`,`total_minor`,`id`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `documents_responsible` ON `documents` (`responsible_id`,`id`);--> statement-breakpoint
CREATE INDEX `documents_deal` ON `documents` (`deal_id`);--> statement-breakpoint
CREATE INDEX `documents_quote` ON `documents` (`quote_id`);--> statement-breakpoint
CREATE INDEX `documents_contact` ON `documents` (`contact_id`);--> statement-breakpoint
CREATE INDEX `documents_company` ON `documents` (`company_id`);--> statement-breakpoint
CREATE TABLE `payment_methods` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`url` text,
	`details` text,
	`active` integer DEFAULT true NOT NULL,
	`sort` integer DEFAULT 100 NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `payments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`document_id` integer NOT NULL,
	`paid_on` text NOT NULL,
	`amount_minor` integer NOT NULL,
	`note` text,
	`created_by` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `payments_document` ON `payments` (`document_id`,`paid_on`);--> statement-breakpoint
CREATE TABLE `seller_settings` (
	`id` integer PRIMARY KEY NOT NULL,
	`legal_name` text,
	`inn` text,
	`kpp` text,
	`ogrn` text,
	`vat_id` text,
	`legal_address` text,
	`address` text,
	`phone` text,
	`email` text,
	`bank_name` text,
	`bik` text,
	`corr_account` text,
	`account` text,
	`swift` text,
	`iban` text,
	`bank_address` text,
	`director` text,
	`accountant` text,
	`payment_details` text,
	`logo_id` integer,
	`signature_id` integer,
	`stamp_id` integer,
	`quote_template` text DEFAULT 'Q-{YYYY}-{N}' NOT NULL,
	`invoice_template` text DEFAULT 'INV-{YYYY}-{N}' NOT NULL,
	`due_days` integer DEFAULT 5 NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`logo_id`) REFERENCES `images`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`signature_id`) REFERENCES `images`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`stamp_id`) REFERENCES `images`(`id`) ON UPDATE no action ON DELETE no action
);
