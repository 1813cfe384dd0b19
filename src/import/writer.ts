/** What every kind's writer is given for a chunk of rows, and the generic upsert by external_id. */
import type { Kysely } from "kysely";
import type { Tx } from "../db/tx";
import { type BulkCell, type BulkColumns, insertRows } from "./bulk";
import { selectByExternalId } from "./external-ids";
import { foldName, type Lookups } from "./lookups";
import type { ParsedRow } from "./record";

export interface Counts {
  inserted: number;
  updated: number;
  unchanged: number;
}
export const zero = (): Counts => ({ inserted: 0, updated: 0, unchanged: 0 });

export interface ChunkContext {
  tx: Tx;
  lookups: Lookups;
  now: number;
  tz: string;
  runId: number | null;
  /** create a bare customer for an unknown customer_external_id (orders, e.g. the CDNOW sample) */
  createCustomers: boolean;
  /** records an error on a row: the batch will write nothing */
  error(row: number, column: string | null, reason: string): void;
  warn(row: number, column: string | null, reason: string): void;
  /** false once the batch has an error: validate only, write nothing */
  canWrite(): boolean;
  /** state a writer keeps across the chunks of one file */
  fileState: Map<string, unknown>;
  /** told which record a row became (inserted, updated or unchanged) and whether it is new, e.g. to write its custom values */
  written?(row: number, id: number, created?: boolean): void;
}

export interface KindWriter {
  chunk(rows: ParsedRow[], ctx: ChunkContext): Promise<Counts>;
  /** stage history needs all rows of an opportunity together: the whole batch comes as one chunk */
  wholeBatch?: boolean;
}

/** One row to insert or update: `set` holds the columns the file provides, `insert` the defaults for a new row. */
export interface Plan {
  row: number;
  ext: string;
  set: Record<string, BulkCell>;
  insert: Record<string, BulkCell>;
}

export interface UpsertSpec {
  table: string;
  entity: string;
  /** every column of an inserted row */
  columns: BulkColumns;
  versioned: boolean;
  /** the owner column checked against what the importing user may change */
  ownerColumn?: string;
  /** one audit row per inserted record (else one summary row per chunk) */
  auditEach: boolean;
}

export interface UpsertResult {
  counts: Counts;
  inserted: Array<{ plan: Plan; id: number }>;
  updated: Array<{ plan: Plan; id: number; before: Record<string, unknown> }>;
}

const same = (a: unknown, b: unknown) =>
  (a ?? null) === (b ?? null) || (a != null && b != null && Number.isFinite(Number(a)) && typeof b === "number" && Number(a) === b);

/** Inserts new external ids, updates changed ones (version + 1, audit), counts unchanged ones. */
export async function upsert(ctx: ChunkContext, spec: UpsertSpec, plans: Plan[], prefetched?: Map<string, Record<string, unknown>>): Promise<UpsertResult> {
  const result: UpsertResult = { counts: zero(), inserted: [], updated: [] };
  const existing =
    prefetched ??
    (await existingByExternalId(
      ctx,
      spec.table,
      plans.map((p) => p.ext),
    ));
  const inserts: Plan[] = [];
  const updates: Array<{ plan: Plan; before: Record<string, unknown>; diff: Record<string, [unknown, unknown]> }> = [];
  for (const plan of plans) {
    const before = existing.get(plan.ext);
    if (!before) {
      inserts.push(plan);
      continue;
    }
    ctx.written?.(plan.row, Number(before.id));
    if (spec.ownerColumn && !ctx.lookups.canOwn(Number(before[spec.ownerColumn]))) {
      ctx.error(plan.row, "external_id", `${plan.ext} is an existing ${spec.entity} you may not change`);
      continue;
    }
    const diff: Record<string, [unknown, unknown]> = {};
    for (const [k, v] of Object.entries(plan.set)) if (!same(before[k], v)) diff[k] = [before[k] ?? null, v];
    if (Object.keys(diff).length === 0) result.counts.unchanged++;
    else updates.push({ plan, before, diff });
  }
  result.counts.inserted = inserts.length;
  result.counts.updated = updates.length;
  if (!ctx.canWrite()) return result;

  const rows = inserts.map((p) => spec.columns.map(([c]) => (c in p.set ? p.set[c] : (p.insert[c] ?? null))));
  const ids = await insertRows(ctx.tx, spec.table, spec.columns, rows, spec.auditEach || spec.versioned ? ["id"] : []);
  inserts.forEach((plan, i) => result.inserted.push({ plan, id: Number(ids[i]?.id ?? 0) }));
  for (const { plan, id } of result.inserted) ctx.written?.(plan.row, id, true);
  const actor = ctx.lookups.actor.id;
  if (spec.auditEach && result.inserted.length) {
    await insertRows(
      ctx.tx,
      "audit_log",
      AUDIT_COLUMNS,
      result.inserted.map(({ plan, id }) => [
        actor,
        spec.entity,
        id,
        "import",
        JSON.stringify({ run: ctx.runId, row: plan.row, external_id: plan.ext }),
        ctx.now,
      ]),
    );
  } else if (inserts.length) {
    await insertRows(ctx.tx, "audit_log", AUDIT_COLUMNS, [
      [
        actor,
        spec.entity,
        0,
        "import",
        JSON.stringify({ run: ctx.runId, inserted: inserts.length, first: inserts[0].ext, last: inserts[inserts.length - 1].ext }),
        ctx.now,
      ],
    ]);
  }

  const db = ctx.tx as unknown as Kysely<any>;
  for (const { plan, before, diff } of updates) {
    const id = Number(before.id);
    const set: Record<string, unknown> = { ...plan.set };
    // found by a merged record's alias: the survivor keeps its own external id
    if ("stored_external_id" in before && set.external_id === before.external_id) set.external_id = before.stored_external_id;
    if (spec.versioned) {
      set.version = Number(before.version) + 1;
      set.updated_at = ctx.now;
    }
    let q = db.updateTable(spec.table).set(set).where("id", "=", id);
    if (spec.versioned) q = q.where("version", "=", Number(before.version));
    await q.execute();
    await insertRows(ctx.tx, "audit_log", AUDIT_COLUMNS, [
      [actor, spec.entity, id, "import_update", JSON.stringify({ run: ctx.runId, row: plan.row, ...diff }), ctx.now],
    ]);
    result.updated.push({ plan, id, before });
  }
  return result;
}

/** The stored rows of `table` with these external ids. */
export async function existingByExternalId(ctx: ChunkContext, table: string, exts: string[]): Promise<Map<string, Record<string, unknown>>> {
  const out = new Map<string, Record<string, unknown>>();
  for (const r of await selectByExternalId<Record<string, unknown> & { id: number; external_id: string | null }>(ctx.tx, table, "*", exts))
    out.set(String(r.external_id), r);
  return out;
}

export const AUDIT_COLUMNS: BulkColumns = [
  ["actor_id", "int8"],
  ["entity", "text"],
  ["entity_id", "int8"],
  ["action", "text"],
  ["diff", "text"],
  ["at", "int8"],
];

/** The user a cell names: by e-mail, by external id, or by name (folded; a name two users share is ambiguous). */
export function findUser(l: Lookups, cell: string): { id: number } | { error: string } {
  const s = cell.trim();
  const f = foldName(s);
  if (s.includes("@")) {
    const u = l.usersByEmail.get(s.toLowerCase());
    return u ? u : { error: `unknown owner: no user with email ${s}` };
  }
  const byExt = l.usersByExternalId.get(f);
  if (byExt) return byExt;
  const named = l.usersByName.get(f) ?? [];
  if (named.length === 1) return named[0];
  if (named.length > 1) return { error: `ambiguous owner: ${named.length} users are called ${s} (${named.map((u) => u.email).join(", ")}); give the e-mail` };
  return { error: `unknown owner: no user with email, name or external id "${s}" (import users first: jindou import users …)` };
}

/** Looks up an owner by e-mail, name or external id (the importing user when the column is absent or empty); reports unknown owners. */
export function resolveOwner(ctx: ChunkContext, row: number, cell: unknown, column = "owner_email"): number | null {
  if (cell == null) {
    if (ctx.lookups.actor.id == null) {
      ctx.error(row, column, "required: no importing user to default to (create one: jindou init, or jindou user add)");
      return null;
    }
    return ctx.lookups.actor.id;
  }
  const u = findUser(ctx.lookups, String(cell));
  if ("error" in u) {
    ctx.error(row, column, u.error);
    return null;
  }
  if (!ctx.lookups.canOwn(u.id)) {
    ctx.error(row, column, `you may not assign records to ${cell}`);
    return null;
  }
  return u.id;
}

/** A map a writer keeps across the chunks of one file (e.g. credit codes seen so far). */
export function fileMap<V>(ctx: ChunkContext, key: string): Map<string, V> {
  let s = ctx.fileState.get(key) as Map<string, V> | undefined;
  if (!s) {
    s = new Map();
    ctx.fileState.set(key, s);
  }
  return s;
}
