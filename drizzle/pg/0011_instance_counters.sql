CREATE TABLE "instance_counters" (
	"slot" integer PRIMARY KEY NOT NULL,
	"users" bigint DEFAULT 0 NOT NULL,
	"active_users" bigint DEFAULT 0 NOT NULL,
	"open_invitations" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
-- The Overview's totals across every tenant, kept as tenant_counters changes (schema.pg.ts): 64 slots,
-- a tenant's slot a hash of its id, so that writes in different tenants seldom wait on the same row.
-- Which slot a tenant falls in does not matter to the totals (the sum over every slot). Filled once
-- here from tenant_counters as it stands.
INSERT INTO "instance_counters"("slot", "users", "active_users", "open_invitations")
	SELECT s, 0, 0, 0 FROM generate_series(0, 63) AS s;
--> statement-breakpoint
UPDATE "instance_counters" i SET "users" = c."users", "active_users" = c."active_users", "open_invitations" = c."open_invitations"
	FROM (SELECT hashtext("tenant_id") & 63 AS "slot", sum("users") AS "users", sum("active_users") AS "active_users",
		sum("open_invitations") AS "open_invitations" FROM "tenant_counters" GROUP BY 1) c
	WHERE i."slot" = c."slot";
--> statement-breakpoint
CREATE FUNCTION "tenant_counters_totals_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'INSERT' THEN
		UPDATE "instance_counters" SET "users" = "users" + NEW."users", "active_users" = "active_users" + NEW."active_users",
			"open_invitations" = "open_invitations" + NEW."open_invitations" WHERE "slot" = hashtext(NEW."tenant_id") & 63;
	ELSIF TG_OP = 'DELETE' THEN
		UPDATE "instance_counters" SET "users" = "users" - OLD."users", "active_users" = "active_users" - OLD."active_users",
			"open_invitations" = "open_invitations" - OLD."open_invitations" WHERE "slot" = hashtext(OLD."tenant_id") & 63;
	ELSE
		-- tenant_id is the key of tenant_counters and never changes.
		UPDATE "instance_counters" SET "users" = "users" + NEW."users" - OLD."users",
			"active_users" = "active_users" + NEW."active_users" - OLD."active_users",
			"open_invitations" = "open_invitations" + NEW."open_invitations" - OLD."open_invitations"
			WHERE "slot" = hashtext(NEW."tenant_id") & 63;
	END IF;
	RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "tenant_counters_totals_insert" AFTER INSERT ON "tenant_counters" FOR EACH ROW EXECUTE FUNCTION "tenant_counters_totals_change"();
--> statement-breakpoint
CREATE TRIGGER "tenant_counters_totals_delete" AFTER DELETE ON "tenant_counters" FOR EACH ROW EXECUTE FUNCTION "tenant_counters_totals_change"();
--> statement-breakpoint
CREATE TRIGGER "tenant_counters_totals_update" AFTER UPDATE OF "users", "active_users", "open_invitations" ON "tenant_counters" FOR EACH ROW
	EXECUTE FUNCTION "tenant_counters_totals_change"();
