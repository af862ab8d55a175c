CREATE TABLE `tenant_counters` (
	`tenant_id` text PRIMARY KEY NOT NULL,
	`users` integer DEFAULT 0 NOT NULL,
	`active_users` integer DEFAULT 0 NOT NULL,
	`open_invitations` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `tenant_counters_users_idx` ON `tenant_counters` (`users`,`tenant_id`);--> statement-breakpoint
CREATE INDEX `tenant_counters_open_invitations_idx` ON `tenant_counters` (`open_invitations`,`tenant_id`);--> statement-breakpoint
CREATE TABLE `tenant_daily` (
	`tenant_id` text NOT NULL,
	`day` integer NOT NULL,
	`invitations_sent` integer DEFAULT 0 NOT NULL,
	`deactivations` integer DEFAULT 0 NOT NULL,
	`failed_sign_ins` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`tenant_id`, `day`),
	FOREIGN KEY (`tenant_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `tenant_daily_day_idx` ON `tenant_daily` (`day`,`tenant_id`);--> statement-breakpoint
-- Issue 20, the Overview: each tenant's users and open invitations (neither accepted nor revoked),
-- counted once here and then changed by the same statement that changes a user or an invitation.
-- The users triggers share the users_counts_ prefix, so a bulk load suspends them with the others
-- (demo/bulk-load.ts) and adds its own tally.
INSERT INTO `tenant_counters`(tenant_id, users, active_users, open_invitations)
	SELECT o.id,
		(SELECT count(*) FROM `users` u WHERE u.tenant_id = o.id),
		(SELECT count(*) FROM `users` u WHERE u.tenant_id = o.id AND u.active = 1),
		(SELECT count(*) FROM `invitations` i WHERE i.tenant_id = o.id AND i.accepted_at IS NULL AND i.revoked_at IS NULL)
	FROM `organisations` o;
--> statement-breakpoint
-- Invitations sent per tenant and UTC day, from each invitation's last sending (all the store kept).
INSERT INTO `tenant_daily`(tenant_id, day, invitations_sent)
	SELECT tenant_id, sent_at / 86400000, count(*) FROM `invitations` GROUP BY 1, 2;
--> statement-breakpoint
CREATE TRIGGER `users_counts_totals_insert` AFTER INSERT ON `users` BEGIN
	INSERT INTO `tenant_counters`(tenant_id, users, active_users, open_invitations) VALUES (new.tenant_id, 1, new.active, 0)
		ON CONFLICT(tenant_id) DO UPDATE SET users = users + 1, active_users = active_users + excluded.active_users;
END;
--> statement-breakpoint
CREATE TRIGGER `users_counts_totals_delete` AFTER DELETE ON `users` BEGIN
	UPDATE `tenant_counters` SET users = users - 1, active_users = active_users - old.active WHERE tenant_id = old.tenant_id;
END;
--> statement-breakpoint
CREATE TRIGGER `users_counts_totals_update` AFTER UPDATE OF tenant_id, active ON `users`
	WHEN old.tenant_id IS NOT new.tenant_id OR old.active IS NOT new.active BEGIN
	UPDATE `tenant_counters` SET users = users - 1, active_users = active_users - old.active WHERE tenant_id = old.tenant_id;
	INSERT INTO `tenant_counters`(tenant_id, users, active_users, open_invitations) VALUES (new.tenant_id, 1, new.active, 0)
		ON CONFLICT(tenant_id) DO UPDATE SET users = users + 1, active_users = active_users + excluded.active_users;
END;
--> statement-breakpoint
CREATE TRIGGER `invitations_counts_insert` AFTER INSERT ON `invitations` BEGIN
	INSERT INTO `tenant_counters`(tenant_id, users, active_users, open_invitations)
		VALUES (new.tenant_id, 0, 0, new.accepted_at IS NULL AND new.revoked_at IS NULL)
		ON CONFLICT(tenant_id) DO UPDATE SET open_invitations = open_invitations + excluded.open_invitations;
	INSERT INTO `tenant_daily`(tenant_id, day, invitations_sent) VALUES (new.tenant_id, new.sent_at / 86400000, 1)
		ON CONFLICT(tenant_id, day) DO UPDATE SET invitations_sent = invitations_sent + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `invitations_counts_delete` AFTER DELETE ON `invitations` BEGIN
	UPDATE `tenant_counters` SET open_invitations = open_invitations - (old.accepted_at IS NULL AND old.revoked_at IS NULL)
		WHERE tenant_id = old.tenant_id;
END;
--> statement-breakpoint
CREATE TRIGGER `invitations_counts_update` AFTER UPDATE OF tenant_id, accepted_at, revoked_at ON `invitations`
	WHEN old.tenant_id IS NOT new.tenant_id
		OR (old.accepted_at IS NULL AND old.revoked_at IS NULL) IS NOT (new.accepted_at IS NULL AND new.revoked_at IS NULL) BEGIN
	UPDATE `tenant_counters` SET open_invitations = open_invitations - (old.accepted_at IS NULL AND old.revoked_at IS NULL)
		WHERE tenant_id = old.tenant_id;
	INSERT INTO `tenant_counters`(tenant_id, users, active_users, open_invitations)
		VALUES (new.tenant_id, 0, 0, new.accepted_at IS NULL AND new.revoked_at IS NULL)
		ON CONFLICT(tenant_id) DO UPDATE SET open_invitations = open_invitations + excluded.open_invitations;
END;
--> statement-breakpoint
-- A Resend sends the invitation again with a new link: counted on the day it went.
CREATE TRIGGER `invitations_counts_resent` AFTER UPDATE OF token_hash ON `invitations` WHEN old.token_hash IS NOT new.token_hash BEGIN
	INSERT INTO `tenant_daily`(tenant_id, day, invitations_sent) VALUES (new.tenant_id, new.sent_at / 86400000, 1)
		ON CONFLICT(tenant_id, day) DO UPDATE SET invitations_sent = invitations_sent + 1;
END;
