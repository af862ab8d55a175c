CREATE TABLE "instance_settings" (
	"id" integer PRIMARY KEY NOT NULL,
	"super_admin_second_factor" boolean NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "instance_settings_single_row" CHECK ("instance_settings"."id" = 1)
);
