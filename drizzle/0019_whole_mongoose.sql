ALTER TABLE `invitations` ADD `name` text;--> statement-breakpoint
ALTER TABLE `invitations` ADD `team_id` text REFERENCES teams(id);