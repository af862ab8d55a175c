-- Keyset paging of Admin → Users by "last sign-in": never-signed-in users sort as -1.
CREATE INDEX `users_tenant_last_sign_in_idx` ON `users` (`tenant_id`, coalesce(`last_sign_in_at`, -1), `id`);
