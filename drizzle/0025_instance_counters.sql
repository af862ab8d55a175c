CREATE TABLE `instance_counters` (
	`slot` integer PRIMARY KEY NOT NULL,
	`users` integer DEFAULT 0 NOT NULL,
	`active_users` integer DEFAULT 0 NOT NULL,
	`open_invitations` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
-- The Overview's totals across every tenant, kept as tenant_counters changes (schema.ts): SQLite has
-- one writer, so one slot. Filled once here from tenant_counters as it stands.
INSERT INTO `instance_counters`(slot, users, active_users, open_invitations)
	SELECT 0, coalesce(sum(users), 0), coalesce(sum(active_users), 0), coalesce(sum(open_invitations), 0) FROM `tenant_counters`;
--> statement-breakpoint
CREATE TRIGGER `tenant_counters_totals_insert` AFTER INSERT ON `tenant_counters` BEGIN
	UPDATE `instance_counters` SET users = users + new.users, active_users = active_users + new.active_users,
		open_invitations = open_invitations + new.open_invitations WHERE slot = 0;
END;
--> statement-breakpoint
CREATE TRIGGER `tenant_counters_totals_delete` AFTER DELETE ON `tenant_counters` BEGIN
	UPDATE `instance_counters` SET users = users - old.users, active_users = active_users - old.active_users,
		open_invitations = open_invitations - old.open_invitations WHERE slot = 0;
END;
--> statement-breakpoint
CREATE TRIGGER `tenant_counters_totals_update` AFTER UPDATE OF users, active_users, open_invitations ON `tenant_counters` BEGIN
	UPDATE `instance_counters` SET users = users + new.users - old.users, active_users = active_users + new.active_users - old.active_users,
		open_invitations = open_invitations + new.open_invitations - old.open_invitations WHERE slot = 0;
END;
