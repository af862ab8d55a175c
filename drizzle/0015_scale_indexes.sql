DROP INDEX `users_tenant_idx`;--> statement-breakpoint
DROP INDEX `users_tenant_active_role_idx`;--> statement-breakpoint
DROP INDEX `users_tenant_name_idx`;--> statement-breakpoint
CREATE INDEX `users_tenant_name_idx` ON `users` (`tenant_id`,lower("name"),`id`,lower("email"));--> statement-breakpoint
CREATE INDEX `team_members_tenant_idx` ON `team_members` (`tenant_id`,`team_id`);