CREATE TABLE `email_settings` (
	`id` integer PRIMARY KEY NOT NULL,
	`host` text NOT NULL,
	`port` integer NOT NULL,
	`security` text NOT NULL,
	`username` text DEFAULT '' NOT NULL,
	`from_address` text NOT NULL,
	`password_account` text,
	`updated_at` integer NOT NULL,
	`updated_by` text,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "email_settings_single_row" CHECK("email_settings"."id" = 1)
);
--> statement-breakpoint
CREATE INDEX `audit_log_at_idx` ON `audit_log` (`at`,`id`);--> statement-breakpoint
CREATE INDEX `audit_log_tenant_at_idx` ON `audit_log` (`acting_tenant_id`,`at`,`id`);--> statement-breakpoint
CREATE INDEX `audit_log_tenant_action_at_idx` ON `audit_log` (`acting_tenant_id`,`action`,`at`,`id`);--> statement-breakpoint
CREATE INDEX `audit_log_actor_at_idx` ON `audit_log` (`actor_user_id`,`at`,`id`);--> statement-breakpoint
CREATE INDEX `audit_log_action_at_idx` ON `audit_log` (`action`,`at`,`id`);--> statement-breakpoint
CREATE INDEX `audit_log_target_at_idx` ON `audit_log` (`target`,`at`,`id`);