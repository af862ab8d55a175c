CREATE TABLE `instance_settings` (
	`id` integer PRIMARY KEY NOT NULL,
	`super_admin_second_factor` integer NOT NULL,
	`updated_at` integer NOT NULL,
	CONSTRAINT "instance_settings_single_row" CHECK("instance_settings"."id" = 1)
);
