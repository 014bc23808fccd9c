DROP INDEX `deal_totals_pipeline`;--> statement-breakpoint
CREATE INDEX `deal_totals_board` ON `deal_totals` (`pipeline_id`,`stage_id`,`currency`,`count`,`amount_minor`);