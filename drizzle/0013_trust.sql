CREATE TABLE `attempt_throttle` (
	`key` text PRIMARY KEY NOT NULL,
	`failures` integer NOT NULL,
	`blocked_until` integer NOT NULL,
	`last_failure_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `attempt_throttle_last_failure_idx` ON `attempt_throttle` (`last_failure_at`);--> statement-breakpoint
ALTER TABLE `audit_log` ADD `hash` text;--> statement-breakpoint
ALTER TABLE `audit_log` ADD `app_version` text;--> statement-breakpoint
ALTER TABLE `audit_log` ADD `host` text;--> statement-breakpoint
-- Hand-added (data, not schema): outside demo tenancies the Outbox keeps no link, including mail kept before this version.
UPDATE `outbox` SET `text_body` = 'The text of this message was removed: it carried a link only its recipient may see.', `html_body` = '' WHERE `tenant_id` IN (SELECT `id` FROM `organisations` WHERE `is_demo` = 0);
