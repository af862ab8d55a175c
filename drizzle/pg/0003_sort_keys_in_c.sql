DROP INDEX "organisations_name_idx";--> statement-breakpoint
DROP INDEX "users_tenant_name_idx";--> statement-breakpoint
DROP INDEX "users_tenant_email_idx";--> statement-breakpoint
DROP INDEX "users_tenant_last_sign_in_idx";--> statement-breakpoint
DROP INDEX "users_tenant_role_idx";--> statement-breakpoint
CREATE INDEX "organisations_name_idx" ON "organisations" USING btree (lower("name" collate "C"),"id" collate "C");--> statement-breakpoint
CREATE INDEX "users_tenant_name_idx" ON "users" USING btree ("tenant_id",lower("name" collate "C"),"id" collate "C",lower("email"));--> statement-breakpoint
CREATE INDEX "users_tenant_email_idx" ON "users" USING btree ("tenant_id",lower("email" collate "C"),"id" collate "C");--> statement-breakpoint
CREATE INDEX "users_tenant_last_sign_in_idx" ON "users" USING btree ("tenant_id",coalesce("last_sign_in_at", '1969-12-31 23:59:59.999+00'::timestamptz),"id" collate "C");--> statement-breakpoint
CREATE INDEX "users_tenant_role_idx" ON "users" USING btree ("tenant_id","role" collate "C","id" collate "C");