/**
 * Users (admin only): upsert by e-mail. The department is a team, created when new; a "manager" names the
 * team's manager (by e-mail, name or external id). Imported users get no password: they cannot sign in until an
 * admin sets one (jindou user add / the users page), so an import never opens accounts by itself.
 */
import type { Kysely } from "kysely";
import { insertRows, selectWhereIn } from "./bulk";
import { foldName } from "./lookups";
import type { ParsedRow } from "./record";
import { AUDIT_COLUMNS, type ChunkContext, type Counts, findUser, type KindWriter } from "./writer";

/** Not a scrypt hash: verifyPassword refuses it, so the account stays closed until a password is set. */
export const NO_PASSWORD = "!imported";

type UserRow = { id: number; email: string; name: string; role: string; team_id: number | null; external_id: string | null; active: number; version: number };

async function teamIds(ctx: ChunkContext, names: string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const rows = await ctx.tx.selectFrom("teams").select(["id", "name"]).execute();
  for (const t of rows) out.set(foldName(t.name), Number(t.id));
  const missing = [...new Map(names.filter((n) => !out.has(foldName(n))).map((n) => [foldName(n), n])).values()];
  if (missing.length && ctx.canWrite()) {
    const ids = await insertRows(
      ctx.tx,
      "teams",
      [
        ["name", "text"],
        ["created_at", "int8"],
      ],
      missing.map((n) => [n, ctx.now]),
      ["id"],
    );
    missing.forEach((n, i) => out.set(foldName(n), Number(ids[i].id)));
  } else for (const n of missing) out.set(foldName(n), 0);
  return out;
}

export const usersWriter: KindWriter = {
  async chunk(rows: ParsedRow[], ctx: ChunkContext): Promise<Counts> {
    const counts: Counts = { inserted: 0, updated: 0, unchanged: 0 };
    if (ctx.lookups.actor.id != null && ctx.lookups.actor.role !== "admin") {
      for (const { row } of rows) ctx.error(row, null, "only an admin may import users");
      return counts;
    }
    const emails = rows.map((r) => String(r.values.email));
    const existing = new Map(
      (await selectWhereIn<UserRow>(ctx.tx, "users", "id, email, name, role, team_id, external_id, active, version", "email", emails)).map((u) => [u.email, u]),
    );
    const teams = await teamIds(
      ctx,
      rows.map((r) => r.values.department).filter((d): d is string => typeof d === "string"),
    );
    const db = ctx.tx as unknown as Kysely<any>;
    const managers: Array<{ row: number; team: number; cell: string }> = [];
    const inserts: Array<{ row: number; cells: Array<string | number | null> }> = [];
    for (const { row, values: v } of rows) {
      const email = String(v.email);
      const before = existing.get(email);
      const set: Record<string, string | number | null> = { name: String(v.name) };
      if (v.role !== undefined) set.role = (v.role as string | null) ?? "rep";
      if (v.department !== undefined) set.team_id = v.department == null ? null : (teams.get(foldName(String(v.department))) ?? null);
      if (v.external_id !== undefined) set.external_id = (v.external_id as string | null) ?? null;
      if (v.active !== undefined && v.active != null) set.active = Number(v.active);
      if (typeof v.manager === "string" && set.team_id) managers.push({ row, team: Number(set.team_id), cell: v.manager });
      if (!before) {
        inserts.push({
          row,
          cells: [
            email,
            set.name,
            set.role ?? "rep",
            set.team_id ?? null,
            NO_PASSWORD,
            "zh-CN",
            set.active ?? 1,
            (v.created_at as number | null | undefined) ?? ctx.now,
            set.external_id ?? null,
          ],
        });
        continue;
      }
      const diff = Object.fromEntries(Object.entries(set).filter(([k, x]) => (before as unknown as Record<string, unknown>)[k] !== x));
      if (!Object.keys(diff).length) {
        counts.unchanged++;
        continue;
      }
      counts.updated++;
      if (!ctx.canWrite()) continue;
      await db
        .updateTable("users")
        .set({ ...diff, version: before.version + 1 })
        .where("id", "=", before.id)
        .execute();
      await insertRows(ctx.tx, "audit_log", AUDIT_COLUMNS, [
        [ctx.lookups.actor.id, "user", before.id, "import_update", JSON.stringify({ run: ctx.runId, row, ...diff }), ctx.now],
      ]);
    }
    counts.inserted = inserts.length;
    if (ctx.canWrite() && inserts.length) {
      const ids = await insertRows(
        ctx.tx,
        "users",
        [
          ["email", "text"],
          ["name", "text"],
          ["role", "text"],
          ["team_id", "int8"],
          ["password_hash", "text"],
          ["locale", "text"],
          ["active", "int4"],
          ["created_at", "int8"],
          ["external_id", "text"],
        ],
        inserts.map((i) => i.cells),
        ["id"],
      );
      await insertRows(
        ctx.tx,
        "audit_log",
        AUDIT_COLUMNS,
        inserts.map((i, k) => [
          ctx.lookups.actor.id,
          "user",
          Number(ids[k].id),
          "import",
          JSON.stringify({ run: ctx.runId, row: i.row, email: i.cells[0] }),
          ctx.now,
        ]),
      );
      // Later chunks and later kinds of the same run find them by e-mail, name or external id.
      inserts.forEach((i, k) => {
        const u = { id: Number(ids[k].id), teamId: (i.cells[3] as number | null) ?? null, email: String(i.cells[0]) };
        ctx.lookups.usersByEmail.set(u.email, u);
        ctx.lookups.usersByName.set(foldName(String(i.cells[1])), [...(ctx.lookups.usersByName.get(foldName(String(i.cells[1]))) ?? []), u]);
        if (i.cells[8]) ctx.lookups.usersByExternalId.set(foldName(String(i.cells[8])), u);
      });
    }
    for (const m of managers) {
      const u = findUser(ctx.lookups, m.cell);
      if ("error" in u) {
        ctx.error(m.row, "manager", u.error.replace("owner", "manager"));
        continue;
      }
      if (ctx.canWrite()) await db.updateTable("teams").set({ manager_id: u.id }).where("id", "=", m.team).execute();
    }
    return counts;
  },
};
