/** The first schema: every table of the data model in ARCHITECTURE.md, the same on SQLite and PostgreSQL. */
import type { CreateTableBuilder, Kysely } from "kysely";
import { isPostgres } from "../dialect";

type B = CreateTableBuilder<string, never>;

export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  // ids: bigserial on PostgreSQL (parsed to number by the pool), rowid alias on SQLite.
  const table = (name: string) =>
    db.schema.createTable(name).addColumn("id", pg ? "bigserial" : "integer", (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()));
  const ms = "bigint" as const;
  const ref = "bigint" as const;
  const ver = (t: B) => t.addColumn("version", "integer", (c) => c.notNull().defaultTo(1));

  await table("teams")
    .addColumn("name", "text", (c) => c.notNull().unique())
    .addColumn("manager_id", ref)
    .addColumn("created_at", ms, (c) => c.notNull())
    .execute();
  await ver(
    table("users")
      .addColumn("email", "text", (c) => c.notNull().unique())
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("password_hash", "text", (c) => c.notNull())
      .addColumn("role", "text", (c) => c.notNull())
      .addColumn("team_id", ref)
      .addColumn("locale", "text", (c) => c.notNull().defaultTo("zh-CN"))
      .addColumn("active", "integer", (c) => c.notNull().defaultTo(1))
      .addColumn("created_at", ms, (c) => c.notNull()),
  ).execute();
  await db.schema
    .createTable("sessions")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("user_id", ref, (c) => c.notNull())
    .addColumn("csrf_token", "text", (c) => c.notNull())
    .addColumn("created_at", ms, (c) => c.notNull())
    .addColumn("expires_at", ms, (c) => c.notNull())
    .addColumn("last_seen_at", ms, (c) => c.notNull())
    .execute();
  await table("api_tokens")
    .addColumn("user_id", ref, (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("created_at", ms, (c) => c.notNull())
    .addColumn("last_used_at", ms)
    .addColumn("revoked_at", ms)
    .execute();
  await table("login_failures")
    .addColumn("email", "text", (c) => c.notNull())
    .addColumn("ip", "text", (c) => c.notNull())
    .addColumn("at", ms, (c) => c.notNull())
    .execute();
  await db.schema.createIndex("login_failures_email_at").on("login_failures").columns(["email", "at"]).execute();

  await ver(
    table("customers")
      .addColumn("external_id", "text", (c) => c.unique())
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("name_norm", "text", (c) => c.notNull())
      .addColumn("credit_code", "text", (c) => c.unique())
      .addColumn("industry", "text")
      .addColumn("region", "text")
      .addColumn("size_band", "text")
      .addColumn("channel", "text")
      .addColumn("owner_id", ref, (c) => c.notNull())
      .addColumn("credit_rating", "text")
      .addColumn("prospect_rating", "text")
      .addColumn("lifecycle_stage", "text")
      .addColumn("priority", "text")
      .addColumn("tags", "text", (c) => c.notNull().defaultTo("[]"))
      .addColumn("notes", "text")
      .addColumn("duplicate_of", ref)
      .addColumn("next_follow_up_date", "text")
      .addColumn("created_at", ms, (c) => c.notNull())
      .addColumn("updated_at", ms, (c) => c.notNull()),
  ).execute();
  await db.schema.createIndex("customers_owner").on("customers").column("owner_id").execute();
  await db.schema.createIndex("customers_name_norm").on("customers").column("name_norm").execute();

  await ver(
    table("contacts")
      .addColumn("external_id", "text", (c) => c.unique())
      .addColumn("customer_id", ref, (c) => c.notNull())
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("title", "text")
      .addColumn("decision_role", "text")
      .addColumn("phone", "text")
      .addColumn("email", "text")
      .addColumn("notes", "text")
      .addColumn("created_at", ms, (c) => c.notNull())
      .addColumn("updated_at", ms, (c) => c.notNull()),
  ).execute();
  await db.schema.createIndex("contacts_customer").on("contacts").column("customer_id").execute();

  await table("record_shares")
    .addColumn("entity", "text", (c) => c.notNull())
    .addColumn("entity_id", ref, (c) => c.notNull())
    .addColumn("user_id", ref, (c) => c.notNull())
    .addColumn("created_at", ms, (c) => c.notNull())
    .addUniqueConstraint("record_shares_unique", ["entity", "entity_id", "user_id"])
    .execute();
  await db.schema.createIndex("record_shares_user").on("record_shares").columns(["user_id", "entity"]).execute();

  await ver(
    table("pipelines")
      .addColumn("key", "text", (c) => c.notNull().unique())
      .addColumn("name_zh", "text", (c) => c.notNull())
      .addColumn("name_en", "text", (c) => c.notNull())
      .addColumn("kind", "text", (c) => c.notNull().defaultTo("deal"))
      .addColumn("skip_rule", "text", (c) => c.notNull().defaultTo("strict"))
      .addColumn("checklist_rule", "text", (c) => c.notNull().defaultTo("strict"))
      .addColumn("template", "text")
      .addColumn("archived", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("created_at", ms, (c) => c.notNull()),
  ).execute();
  await table("stages")
    .addColumn("pipeline_id", ref, (c) => c.notNull())
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("key", "text", (c) => c.notNull())
    .addColumn("name_zh", "text", (c) => c.notNull())
    .addColumn("name_en", "text", (c) => c.notNull())
    .addColumn("probability", "integer", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull().defaultTo("open"))
    .addColumn("definition_zh", "text")
    .addColumn("definition_en", "text")
    .addColumn("stall_days", "integer")
    .addColumn("owner_role", "text")
    .addColumn("target_conversion", "double precision")
    .addUniqueConstraint("stages_pipeline_key", ["pipeline_id", "key"])
    .execute();
  await table("stage_criteria")
    .addColumn("stage_id", ref, (c) => c.notNull())
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("text_zh", "text", (c) => c.notNull())
    .addColumn("text_en", "text", (c) => c.notNull())
    .execute();
  await table("stage_actions")
    .addColumn("stage_id", ref, (c) => c.notNull())
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("text_zh", "text", (c) => c.notNull())
    .addColumn("text_en", "text", (c) => c.notNull())
    .execute();
  for (const t of ["stage_criteria", "stage_actions"]) await db.schema.createIndex(`${t}_stage`).on(t).column("stage_id").execute();
  await table("lost_reasons")
    .addColumn("key", "text", (c) => c.notNull().unique())
    .addColumn("name_zh", "text", (c) => c.notNull())
    .addColumn("name_en", "text", (c) => c.notNull())
    .addColumn("active", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("position", "integer", (c) => c.notNull().defaultTo(0))
    .execute();

  await ver(
    table("opportunities")
      .addColumn("external_id", "text", (c) => c.unique())
      .addColumn("pipeline_id", ref, (c) => c.notNull())
      .addColumn("stage_id", ref, (c) => c.notNull())
      .addColumn("customer_id", ref, (c) => c.notNull())
      .addColumn("owner_id", ref, (c) => c.notNull())
      .addColumn("title", "text", (c) => c.notNull())
      .addColumn("amount_fen", "bigint", (c) => c.notNull().defaultTo(0))
      .addColumn("units", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("product", "text")
      .addColumn("expected_close_date", "text")
      .addColumn("source", "text")
      .addColumn("forecast_category", "text", (c) => c.notNull().defaultTo("pipeline"))
      .addColumn("probability_override", "integer")
      .addColumn("status", "text", (c) => c.notNull().defaultTo("open"))
      .addColumn("lost_reason", "text")
      .addColumn("closed_at", ms)
      .addColumn("stage_entered_at", ms, (c) => c.notNull())
      .addColumn("created_at", ms, (c) => c.notNull())
      .addColumn("updated_at", ms, (c) => c.notNull()),
  ).execute();
  for (const col of ["owner_id", "customer_id", "stage_id", "expected_close_date", "created_at"])
    await db.schema.createIndex(`opportunities_${col}`).on("opportunities").column(col).execute();
  await db.schema.createIndex("opportunities_pipeline_status").on("opportunities").columns(["pipeline_id", "status"]).execute();

  await table("criterion_checks")
    .addColumn("opportunity_id", ref, (c) => c.notNull())
    .addColumn("criterion_id", ref, (c) => c.notNull())
    .addColumn("checked_by", ref, (c) => c.notNull())
    .addColumn("checked_at", ms, (c) => c.notNull())
    .addColumn("note", "text")
    .addUniqueConstraint("criterion_checks_unique", ["opportunity_id", "criterion_id"])
    .execute();
  await table("stage_events")
    .addColumn("opportunity_id", ref, (c) => c.notNull())
    .addColumn("from_stage_id", ref)
    .addColumn("to_stage_id", ref, (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("reason", "text")
    .addColumn("override", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("actor_id", ref)
    .addColumn("at", ms, (c) => c.notNull())
    .execute();
  await db.schema.createIndex("stage_events_opp_at").on("stage_events").columns(["opportunity_id", "at"]).execute();
  await db.schema.createIndex("stage_events_at").on("stage_events").columns(["at"]).execute();

  await ver(
    table("activities")
      .addColumn("external_id", "text", (c) => c.unique())
      .addColumn("kind", "text", (c) => c.notNull())
      .addColumn("customer_id", ref, (c) => c.notNull())
      .addColumn("contact_id", ref)
      .addColumn("opportunity_id", ref)
      .addColumn("owner_id", ref, (c) => c.notNull())
      .addColumn("subject", "text")
      .addColumn("met_person", "text")
      .addColumn("met_title", "text")
      .addColumn("planned_at", ms)
      .addColumn("done_at", ms)
      .addColumn("outcome", "text")
      .addColumn("next_follow_up_at", ms)
      .addColumn("created_at", ms, (c) => c.notNull())
      .addColumn("updated_at", ms, (c) => c.notNull()),
  ).execute();
  for (const col of ["customer_id", "opportunity_id", "owner_id", "next_follow_up_at"])
    await db.schema.createIndex(`activities_${col}`).on("activities").column(col).execute();

  await table("orders")
    .addColumn("external_id", "text", (c) => c.unique())
    .addColumn("customer_id", ref, (c) => c.notNull())
    .addColumn("opportunity_id", ref)
    .addColumn("ordered_at", ms, (c) => c.notNull())
    .addColumn("amount_fen", "bigint", (c) => c.notNull())
    .addColumn("cost_fen", "bigint", (c) => c.notNull().defaultTo(0))
    .addColumn("units", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("product", "text")
    .addColumn("created_at", ms, (c) => c.notNull())
    .execute();
  await db.schema.createIndex("orders_customer_at").on("orders").columns(["customer_id", "ordered_at"]).execute();
  await db.schema.createIndex("orders_at").on("orders").column("ordered_at").execute();

  await ver(
    table("quotes")
      .addColumn("opportunity_id", ref, (c) => c.notNull())
      .addColumn("number", "text", (c) => c.notNull().unique())
      .addColumn("status", "text", (c) => c.notNull())
      .addColumn("discount_bp", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("subtotal_fen", "bigint", (c) => c.notNull())
      .addColumn("total_fen", "bigint", (c) => c.notNull())
      .addColumn("round", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("note", "text")
      .addColumn("created_by", ref, (c) => c.notNull())
      .addColumn("created_at", ms, (c) => c.notNull())
      .addColumn("updated_at", ms, (c) => c.notNull()),
  ).execute();
  await db.schema.createIndex("quotes_opportunity").on("quotes").column("opportunity_id").execute();
  await table("quote_lines")
    .addColumn("quote_id", ref, (c) => c.notNull())
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("product", "text", (c) => c.notNull())
    .addColumn("units", "integer", (c) => c.notNull())
    .addColumn("unit_price_fen", "bigint", (c) => c.notNull())
    .addColumn("discount_bp", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  await table("quote_approvals")
    .addColumn("quote_id", ref, (c) => c.notNull())
    .addColumn("round", "integer", (c) => c.notNull())
    .addColumn("approver_id", ref, (c) => c.notNull())
    .addColumn("decision", "text", (c) => c.notNull())
    .addColumn("note", "text")
    .addColumn("at", ms, (c) => c.notNull())
    .execute();
  await ver(
    table("contracts")
      .addColumn("opportunity_id", ref)
      .addColumn("customer_id", ref, (c) => c.notNull())
      .addColumn("number", "text", (c) => c.notNull().unique())
      .addColumn("signed_at", ms, (c) => c.notNull())
      .addColumn("amount_fen", "bigint", (c) => c.notNull())
      .addColumn("created_by", ref, (c) => c.notNull())
      .addColumn("created_at", ms, (c) => c.notNull()),
  ).execute();
  await db.schema.createIndex("contracts_opportunity").on("contracts").column("opportunity_id").execute();
  await db.schema.createIndex("contracts_customer").on("contracts").column("customer_id").execute();
  await table("payment_schedule")
    .addColumn("contract_id", ref, (c) => c.notNull())
    .addColumn("seq", "integer", (c) => c.notNull())
    .addColumn("due_date", "text", (c) => c.notNull())
    .addColumn("amount_fen", "bigint", (c) => c.notNull())
    .execute();
  await table("payments")
    .addColumn("contract_id", ref, (c) => c.notNull())
    .addColumn("received_at", ms, (c) => c.notNull())
    .addColumn("amount_fen", "bigint", (c) => c.notNull())
    .addColumn("note", "text")
    .addColumn("created_by", ref, (c) => c.notNull())
    .execute();

  await db.schema.createIndex("payments_contract").on("payments").column("contract_id").execute();
  await db.schema.createIndex("payment_schedule_contract").on("payment_schedule").column("contract_id").execute();
  await ver(
    table("targets")
      .addColumn("scope", "text", (c) => c.notNull())
      .addColumn("scope_id", ref)
      .addColumn("period", "text", (c) => c.notNull())
      .addColumn("amount_fen", "bigint")
      .addColumn("units", "integer")
      .addColumn("updated_at", ms, (c) => c.notNull()),
  ).execute();
  await db.schema.createIndex("targets_scope_period").on("targets").columns(["scope", "scope_id", "period"]).execute();
  await table("forecast_submissions")
    .addColumn("user_id", ref, (c) => c.notNull())
    .addColumn("period", "text", (c) => c.notNull())
    .addColumn("week", "text", (c) => c.notNull())
    .addColumn("commit_fen", "bigint", (c) => c.notNull())
    .addColumn("best_case_fen", "bigint", (c) => c.notNull())
    .addColumn("note", "text")
    .addColumn("submitted_at", ms, (c) => c.notNull())
    .addColumn("adjusted_by", ref)
    .addColumn("adjusted_commit_fen", "bigint")
    .addColumn("adjusted_best_case_fen", "bigint")
    .addColumn("adjust_note", "text")
    .addUniqueConstraint("forecast_submissions_unique", ["user_id", "period", "week"])
    .execute();
  await table("forecast_snapshots")
    .addColumn("period", "text", (c) => c.notNull())
    .addColumn("week", "text", (c) => c.notNull())
    .addColumn("scope", "text", (c) => c.notNull())
    .addColumn("scope_id", ref)
    .addColumn("taken_at", ms, (c) => c.notNull())
    .addColumn("commit_fen", "bigint", (c) => c.notNull())
    .addColumn("best_case_fen", "bigint", (c) => c.notNull())
    .addColumn("pipeline_fen", "bigint", (c) => c.notNull())
    .addColumn("omitted_fen", "bigint", (c) => c.notNull())
    .addColumn("weighted_fen", "bigint", (c) => c.notNull())
    .addColumn("won_fen", "bigint", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("forecast_snapshots_period").on("forecast_snapshots").columns(["period", "scope", "scope_id", "week"]).execute();

  await table("tier_assignments")
    .addColumn("customer_id", ref, (c) => c.notNull())
    .addColumn("scheme", "text", (c) => c.notNull())
    .addColumn("tier", "text", (c) => c.notNull())
    .addColumn("score", "double precision")
    .addColumn("computed_at", ms, (c) => c.notNull())
    .execute();
  await db.schema.createIndex("tier_assignments_customer").on("tier_assignments").columns(["customer_id", "scheme", "computed_at"]).execute();
  await db.schema.createIndex("tier_assignments_scheme").on("tier_assignments").columns(["scheme", "computed_at"]).execute();
  await table("satisfaction")
    .addColumn("customer_id", ref, (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("score", "integer", (c) => c.notNull())
    .addColumn("note", "text")
    .addColumn("at", ms, (c) => c.notNull())
    .addColumn("created_by", ref, (c) => c.notNull())
    .execute();
  await ver(
    table("funnel_scenarios")
      .addColumn("name", "text", (c) => c.notNull().unique())
      .addColumn("population", "double precision", (c) => c.notNull())
      .addColumn("price_fen", "bigint", (c) => c.notNull())
      .addColumn("steps", "text", (c) => c.notNull())
      .addColumn("created_by", ref, (c) => c.notNull())
      .addColumn("created_at", ms, (c) => c.notNull())
      .addColumn("updated_at", ms, (c) => c.notNull()),
  ).execute();
  await db.schema
    .createTable("settings")
    .addColumn("key", "text", (c) => c.primaryKey())
    .addColumn("value", "text", (c) => c.notNull())
    .addColumn("updated_at", ms, (c) => c.notNull())
    .execute();
  await table("audit_log")
    .addColumn("actor_id", ref)
    .addColumn("entity", "text", (c) => c.notNull())
    .addColumn("entity_id", ref, (c) => c.notNull())
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("diff", "text", (c) => c.notNull())
    .addColumn("at", ms, (c) => c.notNull())
    .execute();
  await db.schema.createIndex("audit_log_entity").on("audit_log").columns(["entity", "entity_id"]).execute();
  await table("job_runs")
    .addColumn("job", "text", (c) => c.notNull())
    .addColumn("run_key", "text", (c) => c.notNull())
    .addColumn("instance", "text", (c) => c.notNull())
    .addColumn("started_at", ms, (c) => c.notNull())
    .addColumn("finished_at", ms)
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("detail", "text")
    .addUniqueConstraint("job_runs_unique", ["job", "run_key"])
    .execute();
  await table("import_runs")
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("file_name", "text")
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("total", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("processed", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("inserted", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("updated", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("unchanged", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("errors", "text", (c) => c.notNull().defaultTo("[]"))
    .addColumn("created_by", ref)
    .addColumn("created_at", ms, (c) => c.notNull())
    .addColumn("finished_at", ms)
    .execute();
}

export async function down(): Promise<void> {
  throw new Error("001_initial is not reversible; restore a backup instead");
}
