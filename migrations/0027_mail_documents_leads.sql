ALTER TABLE `mail_attachments` ADD `document_id` integer;--> statement-breakpoint
ALTER TABLE `mailboxes` ADD `lead_responsible` text DEFAULT 'owner' NOT NULL;--> statement-breakpoint
ALTER TABLE `mailboxes` ADD `lead_user_ids` text DEFAULT '[]' NOT NULL;