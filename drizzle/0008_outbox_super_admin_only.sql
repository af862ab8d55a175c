ALTER TABLE `outbox` ADD `super_admin_only` integer DEFAULT false NOT NULL;--> statement-breakpoint
-- Mail kept before this column existed: what went to a SUPER_ADMIN, or to someone invited as one, is for SUPER_ADMINs only.
UPDATE `outbox` SET `super_admin_only` = 1 WHERE lower(`to_address`) IN (SELECT lower(`email`) FROM `users` WHERE `role` = 'SUPER_ADMIN' UNION SELECT lower(`email`) FROM `invitations` WHERE `role` = 'SUPER_ADMIN');
