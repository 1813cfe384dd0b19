/**
 * The customer a row belongs to: by customer_external_id, else by customer_name (normalised, among customers the
 * importing user may see), else — with createCustomers — a new customer by that name. Opportunities without any
 * account go to one "no account" customer (external id `no-account`), so real exports with blank accounts import.
 */
import { normaliseName } from "../customers/normalise";
import { insertRows, selectWhereIn } from "./bulk";
import { customersByExternalId } from "./lookups";
import type { ParsedRow } from "./record";
import { AUDIT_COLUMNS, type ChunkContext, fileMap } from "./writer";

export interface CustomerRef {
  id: number;
  ownerId: number;
}

export const NO_ACCOUNT_EXT = "no-account";
const NO_ACCOUNT_NAME = "未指定客户 (no account)";

interface Want {
  ext: string | null;
  name: string | null;
  owner: number | null;
  rows: number[];
}

/**
 * Resolves every row's customer; reports rows whose customer is unknown (or not given). `ownerOf(row)` is the
 * owner for a customer created for that row (default: the importing user).
 */
export async function resolveCustomers(
  ctx: ChunkContext,
  rows: readonly ParsedRow[],
  o: { allowNone?: boolean; ownerOf?: (row: number) => number | null } = {},
): Promise<Map<number, CustomerRef>> {
  const out = new Map<number, CustomerRef>();
  const created = fileMap<CustomerRef>(ctx, "createdCustomers");
  const str = (v: unknown) => (typeof v === "string" && v.trim() ? v.trim() : null);
  const byExt = await customersByExternalId(
    ctx.tx,
    ctx.lookups,
    rows.map((r) => str(r.values.customer_external_id)).filter((e): e is string => e != null),
  );
  const norms = [
    ...new Set(
      rows
        .map((r) => str(r.values.customer_name))
        .filter((n): n is string => n != null)
        .map(normaliseName),
    ),
  ];
  const byName = new Map<string, CustomerRef>();
  for (const c of await selectWhereIn<{ id: number; owner_id: number; name_norm: string }>(
    ctx.tx,
    "customers",
    "id, owner_id, name_norm",
    "name_norm",
    norms,
  ).then((r) => r.sort((a, b) => Number(a.id) - Number(b.id)))) {
    if (!byName.has(c.name_norm) && ctx.lookups.canOwn(Number(c.owner_id))) byName.set(c.name_norm, { id: Number(c.id), ownerId: Number(c.owner_id) });
  }
  const wanted = new Map<string, Want>();
  for (const { row, values: v } of rows) {
    const ext = str(v.customer_external_id);
    const name = str(v.customer_name);
    const hit =
      (ext && (byExt.get(ext) ?? created.get(`ext:${ext}`))) || (name && (byName.get(normaliseName(name)) ?? created.get(`name:${normaliseName(name)}`)));
    if (hit) {
      out.set(row, hit);
      continue;
    }
    if (!ext && !name) {
      if (o.allowNone) {
        want(wanted, `ext:${NO_ACCOUNT_EXT}`, NO_ACCOUNT_EXT, NO_ACCOUNT_NAME, ctx.lookups.actor.id, row);
        continue;
      }
      ctx.error(row, "customer_external_id", "required: give customer_external_id or customer_name (the account)");
      continue;
    }
    if (!ctx.createCustomers) {
      ctx.error(row, ext ? "customer_external_id" : "customer_name", `unknown customer: ${ext ?? name} (import customers first, or use --create-customers)`);
      continue;
    }
    want(wanted, ext ? `ext:${ext}` : `name:${normaliseName(name!)}`, ext, name ?? ext!, o.ownerOf?.(row) ?? ctx.lookups.actor.id, row);
  }
  // The no-account customer may exist from an earlier import.
  const none = wanted.get(`ext:${NO_ACCOUNT_EXT}`);
  if (none) {
    const existing = (await customersByExternalId(ctx.tx, { ...ctx.lookups, canOwn: () => true }, [NO_ACCOUNT_EXT])).get(NO_ACCOUNT_EXT);
    if (existing) {
      for (const r of none.rows) out.set(r, existing);
      created.set(`ext:${NO_ACCOUNT_EXT}`, existing);
      wanted.delete(`ext:${NO_ACCOUNT_EXT}`);
    }
  }
  const list = [...wanted.entries()];
  if (!list.length) return out;
  const owner = (w: Want) => w.owner ?? ctx.lookups.actor.id;
  if (list.some(([, w]) => owner(w) == null)) {
    for (const [, w] of list)
      if (owner(w) == null) for (const r of w.rows) ctx.error(r, "customer_name", "no owner for the new customer: run jindou init first");
  }
  const ok = list.filter(([, w]) => owner(w) != null);
  let ids: number[];
  if (!ctx.canWrite())
    ids = ok.map(() => 0); // validation only: pretend they exist so the rows are checked and counted
  else {
    const r = await insertRows(
      ctx.tx,
      "customers",
      [
        ["external_id", "text"],
        ["name", "text"],
        ["name_norm", "text"],
        ["owner_id", "int8"],
        ["tags", "text"],
        ["created_at", "int8"],
        ["updated_at", "int8"],
      ],
      ok.map(([, w]) => [w.ext, w.name, normaliseName(w.name ?? ""), owner(w), "[]", ctx.now, ctx.now]),
      ["id"],
    );
    ids = r.map((x) => Number(x.id));
    await insertRows(
      ctx.tx,
      "audit_log",
      AUDIT_COLUMNS,
      ok.map(([, w], i) => [
        ctx.lookups.actor.id,
        "customer",
        ids[i],
        "import",
        JSON.stringify({ run: ctx.runId, external_id: w.ext, name: w.name, created_for: "reference" }),
        ctx.now,
      ]),
    );
  }
  ok.forEach(([key, w], i) => {
    const ref = { id: ids[i], ownerId: owner(w)! };
    created.set(key, ref);
    if (w.ext && w.name && key.startsWith("ext:")) created.set(`name:${normaliseName(w.name)}`, ref);
    for (const r of w.rows) out.set(r, ref);
  });
  return out;
}

function want(m: Map<string, Want>, key: string, ext: string | null, name: string | null, owner: number | null, row: number) {
  const w = m.get(key);
  if (w) w.rows.push(row);
  else m.set(key, { ext, name, owner, rows: [row] });
}
