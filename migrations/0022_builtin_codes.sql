ALTER TABLE `lead_statuses` ADD `code` text;--> statement-breakpoint
ALTER TABLE `pipelines` ADD `code` text;--> statement-breakpoint
ALTER TABLE `reference_items` ADD `code` text;--> statement-breakpoint
ALTER TABLE `stages` ADD `code` text;