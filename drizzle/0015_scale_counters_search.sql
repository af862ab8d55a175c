CREATE TABLE `tenant_user_counts` (
	`tenant_id` text NOT NULL,
	`role` text NOT NULL,
	`active` integer NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `role`, `active`),
	FOREIGN KEY (`tenant_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
DROP INDEX `users_tenant_idx`;--> statement-breakpoint
DROP INDEX `users_tenant_active_role_idx`;--> statement-breakpoint
DROP INDEX `users_tenant_name_idx`;--> statement-breakpoint
CREATE INDEX `users_tenant_name_idx` ON `users` (`tenant_id`,lower("name"),`id`,lower("email"));--> statement-breakpoint
CREATE INDEX `invitations_open_tenant_sent_idx` ON `invitations` (`tenant_id`,`sent_at`,`id`) WHERE "invitations"."accepted_at" is null and "invitations"."revoked_at" is null;--> statement-breakpoint
CREATE INDEX `team_members_tenant_idx` ON `team_members` (`tenant_id`,`team_id`);
--> statement-breakpoint
-- Issue 13: tenant-scoped search. The old index matched across every tenant and then filtered;
-- this one carries each user's tenant as a key of three characters outside any name or email
-- (planes 1's code points, derived from the tenant id), which the trigram tokenizer turns into
-- exactly one token: `tk : "KEY" AND {name email} : "term"` reads only that tenant's postings.
-- Contentless (the text lives in users); kept in step by the triggers below.
DROP TRIGGER `users_search_insert`;
--> statement-breakpoint
DROP TRIGGER `users_search_delete`;
--> statement-breakpoint
DROP TRIGGER `users_search_update`;
--> statement-breakpoint
DROP TABLE `users_search`;
--> statement-breakpoint
CREATE VIRTUAL TABLE `users_find` USING fts5(tk, name, email, content='', contentless_delete=1, tokenize='trigram');
--> statement-breakpoint
INSERT INTO `users_find`(rowid, tk, name, email) SELECT rowid, char(65536 + ((((coalesce(unicode(substr(tenant_id, 1, 1)), 0) * 37 + coalesce(unicode(substr(tenant_id, 2, 1)), 0)) * 37 + coalesce(unicode(substr(tenant_id, 3, 1)), 0)) * 37 + coalesce(unicode(substr(tenant_id, 4, 1)), 0)) % 65536)) || char(65536 + ((((coalesce(unicode(substr(tenant_id, 5, 1)), 0) * 37 + coalesce(unicode(substr(tenant_id, 6, 1)), 0)) * 37 + coalesce(unicode(substr(tenant_id, 7, 1)), 0)) * 37 + coalesce(unicode(substr(tenant_id, 8, 1)), 0)) % 65536)) || char(65536 + ((((coalesce(unicode(substr(tenant_id, 10, 1)), 0) * 37 + coalesce(unicode(substr(tenant_id, 11, 1)), 0)) * 37 + coalesce(unicode(substr(tenant_id, 12, 1)), 0)) * 37 + coalesce(unicode(substr(tenant_id, 13, 1)), 0)) % 65536)), name, email FROM `users`;
--> statement-breakpoint
CREATE TRIGGER `users_find_insert` AFTER INSERT ON `users` BEGIN
	INSERT INTO `users_find`(rowid, tk, name, email) VALUES (new.rowid, char(65536 + ((((coalesce(unicode(substr(new.tenant_id, 1, 1)), 0) * 37 + coalesce(unicode(substr(new.tenant_id, 2, 1)), 0)) * 37 + coalesce(unicode(substr(new.tenant_id, 3, 1)), 0)) * 37 + coalesce(unicode(substr(new.tenant_id, 4, 1)), 0)) % 65536)) || char(65536 + ((((coalesce(unicode(substr(new.tenant_id, 5, 1)), 0) * 37 + coalesce(unicode(substr(new.tenant_id, 6, 1)), 0)) * 37 + coalesce(unicode(substr(new.tenant_id, 7, 1)), 0)) * 37 + coalesce(unicode(substr(new.tenant_id, 8, 1)), 0)) % 65536)) || char(65536 + ((((coalesce(unicode(substr(new.tenant_id, 10, 1)), 0) * 37 + coalesce(unicode(substr(new.tenant_id, 11, 1)), 0)) * 37 + coalesce(unicode(substr(new.tenant_id, 12, 1)), 0)) * 37 + coalesce(unicode(substr(new.tenant_id, 13, 1)), 0)) % 65536)), new.name, new.email);
END;
--> statement-breakpoint
CREATE TRIGGER `users_find_delete` AFTER DELETE ON `users` BEGIN
	DELETE FROM `users_find` WHERE rowid = old.rowid;
END;
--> statement-breakpoint
CREATE TRIGGER `users_find_update` AFTER UPDATE OF tenant_id, name, email ON `users` BEGIN
	DELETE FROM `users_find` WHERE rowid = old.rowid;
	INSERT INTO `users_find`(rowid, tk, name, email) VALUES (new.rowid, char(65536 + ((((coalesce(unicode(substr(new.tenant_id, 1, 1)), 0) * 37 + coalesce(unicode(substr(new.tenant_id, 2, 1)), 0)) * 37 + coalesce(unicode(substr(new.tenant_id, 3, 1)), 0)) * 37 + coalesce(unicode(substr(new.tenant_id, 4, 1)), 0)) % 65536)) || char(65536 + ((((coalesce(unicode(substr(new.tenant_id, 5, 1)), 0) * 37 + coalesce(unicode(substr(new.tenant_id, 6, 1)), 0)) * 37 + coalesce(unicode(substr(new.tenant_id, 7, 1)), 0)) * 37 + coalesce(unicode(substr(new.tenant_id, 8, 1)), 0)) % 65536)) || char(65536 + ((((coalesce(unicode(substr(new.tenant_id, 10, 1)), 0) * 37 + coalesce(unicode(substr(new.tenant_id, 11, 1)), 0)) * 37 + coalesce(unicode(substr(new.tenant_id, 12, 1)), 0)) * 37 + coalesce(unicode(substr(new.tenant_id, 13, 1)), 0)) % 65536)), new.name, new.email);
END;
--> statement-breakpoint
-- Exact user counts per tenant, role and status, changed by the same statement that changes users.
INSERT INTO `tenant_user_counts`(tenant_id, role, active, n) SELECT tenant_id, role, active, count(*) FROM `users` GROUP BY 1, 2, 3;
--> statement-breakpoint
CREATE TRIGGER `users_counts_insert` AFTER INSERT ON `users` BEGIN
	INSERT INTO `tenant_user_counts`(tenant_id, role, active, n) VALUES (new.tenant_id, new.role, new.active, 1)
		ON CONFLICT(tenant_id, role, active) DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `users_counts_delete` AFTER DELETE ON `users` BEGIN
	UPDATE `tenant_user_counts` SET n = n - 1 WHERE tenant_id = old.tenant_id AND role = old.role AND active = old.active;
END;
--> statement-breakpoint
CREATE TRIGGER `users_counts_update` AFTER UPDATE OF tenant_id, role, active ON `users`
	WHEN old.tenant_id IS NOT new.tenant_id OR old.role IS NOT new.role OR old.active IS NOT new.active BEGIN
	UPDATE `tenant_user_counts` SET n = n - 1 WHERE tenant_id = old.tenant_id AND role = old.role AND active = old.active;
	INSERT INTO `tenant_user_counts`(tenant_id, role, active, n) VALUES (new.tenant_id, new.role, new.active, 1)
		ON CONFLICT(tenant_id, role, active) DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
-- Organisation name/slug search by trigram, as users' was (the switcher and Organisations list).
CREATE VIRTUAL TABLE `organisations_find` USING fts5(name, slug, content='organisations', content_rowid='rowid', tokenize='trigram');
--> statement-breakpoint
INSERT INTO `organisations_find`(`organisations_find`) VALUES ('rebuild');
--> statement-breakpoint
CREATE TRIGGER `organisations_find_insert` AFTER INSERT ON `organisations` BEGIN
	INSERT INTO `organisations_find`(rowid, name, slug) VALUES (new.rowid, new.name, new.slug);
END;
--> statement-breakpoint
CREATE TRIGGER `organisations_find_delete` AFTER DELETE ON `organisations` BEGIN
	INSERT INTO `organisations_find`(`organisations_find`, rowid, name, slug) VALUES ('delete', old.rowid, old.name, old.slug);
END;
--> statement-breakpoint
CREATE TRIGGER `organisations_find_update` AFTER UPDATE OF name, slug ON `organisations` BEGIN
	INSERT INTO `organisations_find`(`organisations_find`, rowid, name, slug) VALUES ('delete', old.rowid, old.name, old.slug);
	INSERT INTO `organisations_find`(rowid, name, slug) VALUES (new.rowid, new.name, new.slug);
END;
