CREATE TABLE `licence` (
	`id` integer PRIMARY KEY NOT NULL,
	`text` text NOT NULL,
	`installed_at` integer NOT NULL,
	`installed_by` text,
	FOREIGN KEY (`installed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "licence_single_row" CHECK("licence"."id" = 1)
);
