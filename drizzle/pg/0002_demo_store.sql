CREATE TABLE "demo_store" (
	"id" integer PRIMARY KEY NOT NULL,
	"seed" integer NOT NULL,
	"anchored_at" timestamp (3) with time zone NOT NULL,
	"admin_user_id" text NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "demo_store_single_row" CHECK ("demo_store"."id" = 1)
);
--> statement-breakpoint
ALTER TABLE "demo_store" ADD CONSTRAINT "demo_store_admin_user_id_users_id_fk" FOREIGN KEY ("admin_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;