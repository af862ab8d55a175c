CREATE TABLE `demo_store` (
	`id` integer PRIMARY KEY NOT NULL,
	`seed` integer NOT NULL,
	`anchored_at` integer NOT NULL,
	`admin_user_id` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`admin_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "demo_store_single_row" CHECK("demo_store"."id" = 1)
);
