-- Substring search for Admin → Users that stays fast with 100k users: an FTS5 trigram
-- index over name and email, kept in step with `users` by triggers.
CREATE VIRTUAL TABLE `users_search` USING fts5(name, email, content='users', content_rowid='rowid', tokenize='trigram');
--> statement-breakpoint
INSERT INTO `users_search`(`users_search`) VALUES ('rebuild');
--> statement-breakpoint
CREATE TRIGGER `users_search_insert` AFTER INSERT ON `users` BEGIN
	INSERT INTO `users_search`(rowid, name, email) VALUES (new.rowid, new.name, new.email);
END;
--> statement-breakpoint
CREATE TRIGGER `users_search_delete` AFTER DELETE ON `users` BEGIN
	INSERT INTO `users_search`(`users_search`, rowid, name, email) VALUES ('delete', old.rowid, old.name, old.email);
END;
--> statement-breakpoint
CREATE TRIGGER `users_search_update` AFTER UPDATE OF name, email ON `users` BEGIN
	INSERT INTO `users_search`(`users_search`, rowid, name, email) VALUES ('delete', old.rowid, old.name, old.email);
	INSERT INTO `users_search`(rowid, name, email) VALUES (new.rowid, new.name, new.email);
END;
