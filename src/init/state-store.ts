/**
 * How far a database is set up (users, deal pipelines, data) and the one line that says what to do next, so a
 * command on an empty or half-set-up database answers with the next step instead of thousands of row errors.
 */
import type { Db } from "../db/connect";
import type { ImportKind } from "../import/kinds";

export interface SetupState {
  users: number;
  admins: number;
  dealPipelines: number;
  organisation: boolean;
}

export async function setupState(db: Db): Promise<SetupState> {
  const count = async (q: Promise<{ n: number | string | bigint } | undefined>) => Number((await q)?.n ?? 0);
  const [users, admins, dealPipelines, org] = await Promise.all([
    count(
      db
        .selectFrom("users")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirst(),
    ),
    count(
      db
        .selectFrom("users")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("role", "=", "admin")
        .where("active", "=", 1)
        .executeTakeFirst(),
    ),
    count(
      db
        .selectFrom("pipelines")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("kind", "=", "deal")
        .where("archived", "=", 0)
        .executeTakeFirst(),
    ),
    db.selectFrom("settings").select("key").where("key", "=", "org").executeTakeFirst(),
  ]);
  return { users, admins, dealPipelines, organisation: !!org };
}

export const NEXT_INIT = "No users yet: run `jindou init` (or open the web app) to create the first admin, organisation and pipeline.";
export const NEXT_PIPELINE = "No deal pipeline yet: run `jindou init --pipeline crm5` (or `jindou migrate`, which installs the templates).";

/** The one-line next step before importing `kind`, or null when the database is ready for it. */
export async function nextStepForImport(db: Db, kind: ImportKind | string): Promise<string | null> {
  const s = await setupState(db);
  if (s.users === 0 && kind !== "users") return NEXT_INIT;
  if (s.dealPipelines === 0 && (kind === "opportunities" || kind === "stage-history")) return NEXT_PIPELINE;
  return null;
}

/** The next step for a report or the server, or null when set up. */
export async function nextStep(db: Db): Promise<string | null> {
  const s = await setupState(db);
  if (s.users === 0) return NEXT_INIT;
  if (s.dealPipelines === 0) return NEXT_PIPELINE;
  return null;
}

export type ReportNeed = "opportunities" | "orders" | "contracts";

const NEED_HINT: Record<ReportNeed, string> = {
  opportunities: "No opportunities yet: import them (`jindou import opportunities <file>`) or add them in the web app.",
  orders: "No orders yet: these reports read purchase history; import it (`jindou import orders <file>`).",
  contracts: "No contracts yet: import them (`jindou import contracts <file>`, then `jindou import payments <file>`) or record them in the web app.",
};

/** The one line before a report: set-up first (users, a deal pipeline), then the data the report reads; null when there is some. */
export async function nextStepForReport(db: Db, need: ReportNeed | undefined): Promise<{ line: string; fatal: boolean } | null> {
  const setup = await nextStep(db);
  if (setup) return { line: setup, fatal: true };
  if (!need) return null;
  const table = need === "opportunities" ? "opportunities" : need === "orders" ? "orders" : "contracts";
  const any = await db.selectFrom(table).select("id").limit(1).executeTakeFirst();
  return any ? null : { line: NEED_HINT[need], fatal: false };
}

/** Closed deals per outcome, and the line to print when a model cannot learn from them. */
export async function nextStepForModel(db: Db): Promise<string | null> {
  const rows = await db
    .selectFrom("opportunities")
    .select(["status", (eb) => eb.fn.countAll<number>().as("n")])
    .where("status", "in", ["won", "lost"])
    .groupBy("status")
    .execute();
  const n = (s: string) => Number(rows.find((r) => r.status === s)?.n ?? 0);
  if (n("won") > 0 && n("lost") > 0) return null;
  return `No model can learn from ${n("won")} won and ${n("lost")} lost deals: import your closed deals (\`jindou import opportunities <file>\` with status won/lost).`;
}
