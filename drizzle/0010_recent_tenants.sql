CREATE TABLE `recent_tenants` (
	`user_id` text NOT NULL,
	`tenant_id` text NOT NULL,
	`used_at` integer NOT NULL,
	PRIMARY KEY(`user_id`, `tenant_id`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`tenant_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `recent_tenants_user_used_idx` ON `recent_tenants` (`user_id`,`used_at`);