/**
 * Targets (admins and managers): one row per period and scope — the company, a team (by name) or a user (by
 * e-mail, name or external id) — upserted on (scope, who, period). Periods: 2026, 2026-Q3, 2026-07.
 */
import type { Kysely } from "kysely";
import { insertRows } from "./bulk";
import { foldName } from "./lookups";
import type { ParsedRow } from "./record";
import { AUDIT_COLUMNS, type ChunkContext, type Counts, findUser, type KindWriter } from "./writer";

const PERIOD = /^\d{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?$/;

export const targetsWriter: KindWriter = {
  async chunk(rows: ParsedRow[], ctx: ChunkContext): Promise<Counts> {
    const counts: Counts = { inserted: 0, updated: 0, unchanged: 0 };
    if (ctx.lookups.actor.role === "rep") {
      for (const { row } of rows) ctx.error(row, null, "only an admin or a manager may import targets");
      return counts;
    }
    // a "team" target is a department's (migration 070 made every team a department with its id and name)
    const teams = new Map((await ctx.tx.selectFrom("departments").select(["id", "name"]).execute()).map((t) => [foldName(t.name), Number(t.id)]));
    const db = ctx.tx as unknown as Kysely<any>;
    for (const { row, values: v } of rows) {
      const period = String(v.period ?? "")
        .toUpperCase()
        .replace(/^(\d{4})Q/, "$1-Q");
      let ok = true;
      if (!PERIOD.test(period)) {
        ctx.error(row, "period", `not a period: "${v.period}" (use 2026, 2026-Q3 or 2026-07)`);
        ok = false;
      }
      const scope = (v.scope as string | null | undefined) ?? (v.user ? "user" : v.team ? "team" : "company");
      let scopeId: number | null = null;
      if (scope === "user") {
        const u = v.user ? findUser(ctx.lookups, String(v.user)) : { error: "required: the user a personal target is for" };
        if ("error" in u) {
          ctx.error(row, "user", u.error);
          ok = false;
        } else scopeId = u.id;
      } else if (scope === "team") {
        const id = v.team ? teams.get(foldName(String(v.team))) : undefined;
        if (id === undefined) {
          ctx.error(row, "team", v.team ? `unknown team: ${v.team} (teams: ${[...teams.keys()].join(", ")})` : "required: the team");
          ok = false;
        } else scopeId = id;
      }
      // a manager sets targets only inside their data scope, as through the API (src/planning/plan-store.ts)
      if (ok && ctx.lookups.actor.role !== "admin") {
        const allowed = scope === "user" ? ctx.lookups.canOwn(Number(scopeId)) : scope === "team" ? ctx.lookups.canPlanDepartment(Number(scopeId)) : false;
        if (!allowed) {
          ctx.error(row, scope === "company" ? "scope" : scope, `you may not set targets for this ${scope === "team" ? "department" : scope}`);
          ok = false;
        }
      }
      if (v.amount == null && v.units == null) {
        ctx.error(row, "amount", "required: an amount or units target");
        ok = false;
      }
      if (!ok) continue;
      let q = ctx.tx
        .selectFrom("targets")
        .select(["id", "amount_fen", "units", "version"])
        .where("scope", "=", scope as "user")
        .where("period", "=", period);
      q = scopeId == null ? q.where("scope_id", "is", null) : q.where("scope_id", "=", scopeId);
      const before = await q.executeTakeFirst();
      const amount = (v.amount as number | null | undefined) ?? null;
      const units = (v.units as number | null | undefined) ?? null;
      if (!before) {
        counts.inserted++;
        if (!ctx.canWrite()) continue;
        const [{ id }] = await insertRows(
          ctx.tx,
          "targets",
          [
            ["scope", "text"],
            ["scope_id", "int8"],
            ["period", "text"],
            ["amount_fen", "int8"],
            ["units", "int8"],
            ["updated_at", "int8"],
          ],
          [[scope, scopeId, period, amount, units, ctx.now]],
          ["id"],
        );
        await insertRows(ctx.tx, "audit_log", AUDIT_COLUMNS, [
          [ctx.lookups.actor.id, "target", Number(id), "import", JSON.stringify({ run: ctx.runId, row, scope, period }), ctx.now],
        ]);
        continue;
      }
      if (Number(before.amount_fen ?? -1) === (amount ?? -1) && Number(before.units ?? -1) === (units ?? -1)) {
        counts.unchanged++;
        continue;
      }
      counts.updated++;
      if (!ctx.canWrite()) continue;
      await db
        .updateTable("targets")
        .set({ amount_fen: amount, units, updated_at: ctx.now, version: Number(before.version) + 1 })
        .where("id", "=", before.id)
        .execute();
      await insertRows(ctx.tx, "audit_log", AUDIT_COLUMNS, [
        [
          ctx.lookups.actor.id,
          "target",
          Number(before.id),
          "import_update",
          JSON.stringify({ run: ctx.runId, row, amount_fen: [before.amount_fen, amount], units: [before.units, units] }),
          ctx.now,
        ],
      ]);
    }
    return counts;
  },
};
