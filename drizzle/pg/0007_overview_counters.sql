CREATE TABLE "tenant_counters" (
	"tenant_id" text PRIMARY KEY NOT NULL,
	"users" integer DEFAULT 0 NOT NULL,
	"active_users" integer DEFAULT 0 NOT NULL,
	"open_invitations" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tenant_daily" (
	"tenant_id" text NOT NULL,
	"day" integer NOT NULL,
	"invitations_sent" integer DEFAULT 0 NOT NULL,
	"deactivations" integer DEFAULT 0 NOT NULL,
	"failed_sign_ins" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "tenant_daily_tenant_id_day_pk" PRIMARY KEY("tenant_id","day")
);
--> statement-breakpoint
ALTER TABLE "tenant_counters" ADD CONSTRAINT "tenant_counters_tenant_id_organisations_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_daily" ADD CONSTRAINT "tenant_daily_tenant_id_organisations_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "tenant_counters_users_idx" ON "tenant_counters" USING btree ("users","tenant_id");--> statement-breakpoint
CREATE INDEX "tenant_counters_open_invitations_idx" ON "tenant_counters" USING btree ("open_invitations","tenant_id");--> statement-breakpoint
CREATE INDEX "tenant_daily_day_idx" ON "tenant_daily" USING btree ("day","tenant_id");--> statement-breakpoint
-- Issue 20, the Overview: as drizzle/0019 on SQLite. Each tenant's users and open invitations
-- (neither accepted nor revoked), counted once here and then changed by the statement that changes
-- a user or an invitation. The users triggers share the users_counts_ prefix, so the bulk loader
-- (demo-seed.pg.ts) disables them with the others and adds its own tally.
INSERT INTO "tenant_counters"("tenant_id", "users", "active_users", "open_invitations")
	SELECT o."id",
		(SELECT count(*) FROM "users" u WHERE u."tenant_id" = o."id"),
		(SELECT count(*) FROM "users" u WHERE u."tenant_id" = o."id" AND u."active"),
		(SELECT count(*) FROM "invitations" i WHERE i."tenant_id" = o."id" AND i."accepted_at" IS NULL AND i."revoked_at" IS NULL)
	FROM "organisations" o;
--> statement-breakpoint
INSERT INTO "tenant_daily"("tenant_id", "day", "invitations_sent")
	SELECT "tenant_id", floor(extract(epoch FROM "sent_at") / 86400)::int, count(*) FROM "invitations" GROUP BY 1, 2;
--> statement-breakpoint
CREATE FUNCTION "users_counts_totals_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP IN ('UPDATE', 'DELETE') THEN
		UPDATE "tenant_counters" SET "users" = "users" - 1, "active_users" = "active_users" - (CASE WHEN OLD."active" THEN 1 ELSE 0 END)
			WHERE "tenant_id" = OLD."tenant_id";
	END IF;
	IF TG_OP IN ('INSERT', 'UPDATE') THEN
		INSERT INTO "tenant_counters"("tenant_id", "users", "active_users", "open_invitations")
			VALUES (NEW."tenant_id", 1, CASE WHEN NEW."active" THEN 1 ELSE 0 END, 0)
			ON CONFLICT ("tenant_id") DO UPDATE SET "users" = "tenant_counters"."users" + 1,
				"active_users" = "tenant_counters"."active_users" + excluded."active_users";
	END IF;
	RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "users_counts_totals_insert" AFTER INSERT ON "users" FOR EACH ROW EXECUTE FUNCTION "users_counts_totals_change"();
--> statement-breakpoint
CREATE TRIGGER "users_counts_totals_delete" AFTER DELETE ON "users" FOR EACH ROW EXECUTE FUNCTION "users_counts_totals_change"();
--> statement-breakpoint
CREATE TRIGGER "users_counts_totals_update" AFTER UPDATE OF "tenant_id", "active" ON "users" FOR EACH ROW
	WHEN (OLD."tenant_id" IS DISTINCT FROM NEW."tenant_id" OR OLD."active" IS DISTINCT FROM NEW."active")
	EXECUTE FUNCTION "users_counts_totals_change"();
--> statement-breakpoint
CREATE FUNCTION "invitations_counts_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP IN ('UPDATE', 'DELETE') AND OLD."accepted_at" IS NULL AND OLD."revoked_at" IS NULL THEN
		UPDATE "tenant_counters" SET "open_invitations" = "open_invitations" - 1 WHERE "tenant_id" = OLD."tenant_id";
	END IF;
	IF TG_OP IN ('INSERT', 'UPDATE') AND NEW."accepted_at" IS NULL AND NEW."revoked_at" IS NULL THEN
		INSERT INTO "tenant_counters"("tenant_id", "users", "active_users", "open_invitations") VALUES (NEW."tenant_id", 0, 0, 1)
			ON CONFLICT ("tenant_id") DO UPDATE SET "open_invitations" = "tenant_counters"."open_invitations" + 1;
	END IF;
	-- Invitations sent per tenant and UTC day: a new one here, each Resend by invitations_counts_resent.
	IF TG_OP = 'INSERT' THEN
		INSERT INTO "tenant_daily"("tenant_id", "day", "invitations_sent")
			VALUES (NEW."tenant_id", floor(extract(epoch FROM NEW."sent_at") / 86400)::int, 1)
			ON CONFLICT ("tenant_id", "day") DO UPDATE SET "invitations_sent" = "tenant_daily"."invitations_sent" + 1;
	END IF;
	RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "invitations_counts_insert" AFTER INSERT ON "invitations" FOR EACH ROW EXECUTE FUNCTION "invitations_counts_change"();
--> statement-breakpoint
CREATE TRIGGER "invitations_counts_delete" AFTER DELETE ON "invitations" FOR EACH ROW EXECUTE FUNCTION "invitations_counts_change"();
--> statement-breakpoint
CREATE TRIGGER "invitations_counts_update" AFTER UPDATE OF "tenant_id", "accepted_at", "revoked_at" ON "invitations" FOR EACH ROW
	WHEN (OLD."tenant_id" IS DISTINCT FROM NEW."tenant_id"
		OR (OLD."accepted_at" IS NULL AND OLD."revoked_at" IS NULL) IS DISTINCT FROM (NEW."accepted_at" IS NULL AND NEW."revoked_at" IS NULL))
	EXECUTE FUNCTION "invitations_counts_change"();
--> statement-breakpoint
-- A Resend sends the invitation again with a new link: counted on the day it went.
CREATE FUNCTION "invitations_counts_resent"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO "tenant_daily"("tenant_id", "day", "invitations_sent")
		VALUES (NEW."tenant_id", floor(extract(epoch FROM NEW."sent_at") / 86400)::int, 1)
		ON CONFLICT ("tenant_id", "day") DO UPDATE SET "invitations_sent" = "tenant_daily"."invitations_sent" + 1;
	RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "invitations_counts_resent" AFTER UPDATE OF "token_hash" ON "invitations" FOR EACH ROW
	WHEN (OLD."token_hash" IS DISTINCT FROM NEW."token_hash") EXECUTE FUNCTION "invitations_counts_resent"();
