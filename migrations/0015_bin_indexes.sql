DROP INDEX `companies_live`;--> statement-breakpoint
CREATE INDEX `companies_deleted` ON `companies` (`deleted_at`) WHERE deleted_at IS NOT NULL;--> statement-breakpoint
DROP INDEX `contacts_live`;--> statement-breakpoint
CREATE INDEX `contacts_deleted` ON `contacts` (`deleted_at`) WHERE deleted_at IS NOT NULL;--> statement-breakpoint
DROP INDEX `deals_live`;--> statement-breakpoint
CREATE INDEX `deals_deleted` ON `deals` (`deleted_at`) WHERE deleted_at IS NOT NULL;--> statement-breakpoint
DROP INDEX `leads_live`;--> statement-breakpoint
CREATE INDEX `leads_deleted` ON `leads` (`deleted_at`) WHERE deleted_at IS NOT NULL;