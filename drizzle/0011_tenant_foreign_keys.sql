-- Composite tenant references: a team's members, a ticket's team and a ticket's assignee belong to
-- the team's or ticket's tenant, held by the database itself (parent keys UNIQUE(tenant_id, id)).
--
-- Edited by hand from drizzle-kit's output, which rebuilds tables between PRAGMA foreign_keys=OFF
-- and ON. The store applies migrations inside one transaction, where that PRAGMA is a no-op: with
-- foreign keys on, DROP TABLE tickets would fail on the comments and time entries that reference it
-- (and drizzle-kit's copy read a tenant_id that team_members did not have yet). So a referenced table
-- is rebuilt only once nothing references it: its children are parked in plain tables, dropped,
-- and restored afterwards through their own foreign keys, so every row is checked on the way back.
CREATE UNIQUE INDEX `teams_tenant_id_unique` ON `teams` (`tenant_id`,`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `users_tenant_id_unique` ON `users` (`tenant_id`,`id`);--> statement-breakpoint
-- A reference across tenants never meant anything (the console refused to make one): it is cleared
-- rather than carried into keys that refuse it; the ticket, the team and the user all stay.
UPDATE `tickets` SET `team_id` = NULL
  WHERE `team_id` IS NOT NULL AND `team_id` NOT IN (SELECT `id` FROM `teams` WHERE `teams`.`tenant_id` = `tickets`.`tenant_id`);--> statement-breakpoint
UPDATE `tickets` SET `assignee_id` = NULL
  WHERE `assignee_id` IS NOT NULL AND `assignee_id` NOT IN (SELECT `id` FROM `users` WHERE `users`.`tenant_id` = `tickets`.`tenant_id`);--> statement-breakpoint
CREATE TABLE `__new_team_members` (
	`tenant_id` text NOT NULL,
	`team_id` text NOT NULL,
	`user_id` text NOT NULL,
	`role` text NOT NULL,
	`added_at` integer NOT NULL,
	PRIMARY KEY(`team_id`, `user_id`),
	FOREIGN KEY (`tenant_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`tenant_id`,`team_id`) REFERENCES `teams`(`tenant_id`,`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`tenant_id`,`user_id`) REFERENCES `users`(`tenant_id`,`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "team_members_role_check" CHECK("__new_team_members"."role" in ('MEMBER','MANAGER'))
);
--> statement-breakpoint
-- Members take their team's tenant; a membership of a user from another tenant is not carried over.
INSERT INTO `__new_team_members`("tenant_id", "team_id", "user_id", "role", "added_at")
  SELECT `teams`.`tenant_id`, `m`.`team_id`, `m`.`user_id`, `m`.`role`, `m`.`added_at` FROM `team_members` AS `m`
  INNER JOIN `teams` ON `teams`.`id` = `m`.`team_id`
  INNER JOIN `users` ON `users`.`id` = `m`.`user_id` AND `users`.`tenant_id` = `teams`.`tenant_id`;--> statement-breakpoint
DROP TABLE `team_members`;--> statement-breakpoint
ALTER TABLE `__new_team_members` RENAME TO `team_members`;--> statement-breakpoint
CREATE INDEX `team_members_user_idx` ON `team_members` (`user_id`);--> statement-breakpoint
CREATE TABLE `__park_comments` AS SELECT * FROM `comments`;--> statement-breakpoint
CREATE TABLE `__park_time_entries` AS SELECT * FROM `time_entries`;--> statement-breakpoint
DROP TABLE `comments`;--> statement-breakpoint
DROP TABLE `time_entries`;--> statement-breakpoint
CREATE TABLE `__new_tickets` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`number` integer NOT NULL,
	`subject` text NOT NULL,
	`status` text NOT NULL,
	`assignee_id` text,
	`team_id` text,
	`created_by` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`assignee_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`tenant_id`,`team_id`) REFERENCES `teams`(`tenant_id`,`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`tenant_id`,`assignee_id`) REFERENCES `users`(`tenant_id`,`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_tickets`("id", "tenant_id", "number", "subject", "status", "assignee_id", "team_id", "created_by", "created_at") SELECT "id", "tenant_id", "number", "subject", "status", "assignee_id", "team_id", "created_by", "created_at" FROM `tickets`;--> statement-breakpoint
DROP TABLE `tickets`;--> statement-breakpoint
ALTER TABLE `__new_tickets` RENAME TO `tickets`;--> statement-breakpoint
CREATE UNIQUE INDEX `tickets_tenant_number_unique` ON `tickets` (`tenant_id`,`number`);--> statement-breakpoint
CREATE INDEX `tickets_assignee_idx` ON `tickets` (`assignee_id`);--> statement-breakpoint
CREATE INDEX `tickets_created_by_idx` ON `tickets` (`created_by`);--> statement-breakpoint
CREATE INDEX `tickets_team_idx` ON `tickets` (`team_id`);--> statement-breakpoint
-- comments and time_entries come back exactly as drizzle/0002 made them.
CREATE TABLE `comments` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`ticket_id` text NOT NULL,
	`author_id` text NOT NULL,
	`body` text NOT NULL,
	`is_public` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `comments`("id", "tenant_id", "ticket_id", "author_id", "body", "is_public", "created_at") SELECT "id", "tenant_id", "ticket_id", "author_id", "body", "is_public", "created_at" FROM `__park_comments`;--> statement-breakpoint
DROP TABLE `__park_comments`;--> statement-breakpoint
CREATE INDEX `comments_ticket_idx` ON `comments` (`ticket_id`);--> statement-breakpoint
CREATE INDEX `comments_author_idx` ON `comments` (`author_id`);--> statement-breakpoint
CREATE TABLE `time_entries` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`ticket_id` text NOT NULL,
	`user_id` text NOT NULL,
	`minutes` integer NOT NULL,
	`note` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `time_entries`("id", "tenant_id", "ticket_id", "user_id", "minutes", "note", "created_at") SELECT "id", "tenant_id", "ticket_id", "user_id", "minutes", "note", "created_at" FROM `__park_time_entries`;--> statement-breakpoint
DROP TABLE `__park_time_entries`;--> statement-breakpoint
CREATE INDEX `time_entries_ticket_idx` ON `time_entries` (`ticket_id`);--> statement-breakpoint
CREATE INDEX `time_entries_user_idx` ON `time_entries` (`user_id`);
