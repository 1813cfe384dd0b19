/** Quotes in the database: the approval policy setting, the visible quote with its lines and approval rounds, and every state change with its audit row in one transaction. */
import type { Viewer } from "../access/viewer";
import { visible } from "../access/visible";
import { audit } from "../audit/log";
import { AppError, conflict, notFound } from "../core/errors";
import type { Db } from "../db/connect";
import { loadSetting, writeSetting } from "../db/settings-store";
import { type DbOrTx, inTx } from "../db/tx";
import { priceQuoteLines } from "../products/catalogue-store";
import {
  type ApprovalPolicy,
  DEFAULT_APPROVAL_POLICY,
  isApprovalPolicy,
  nextQuoteState,
  type QuoteAction,
  type QuoteStatus,
  quoteTotals,
  requiredApproval,
} from "./quote";

const POLICY_KEY = "cash.approval_policy";

export interface QuoteLine {
  product: string;
  units: number;
  unitPriceFen: number;
  discountBp: number /** a catalogue product (else one whose code or name is `product`) */;
  productId?: number | null;
}
export interface QuoteBody {
  lines: QuoteLine[];
  discountBp: number;
  note?: string | null;
}

/** The stored approval policy (the default when none is stored); a stored policy that is not valid is an error naming the key. */
export function approvalPolicy(db: DbOrTx, valid: (v: unknown) => v is ApprovalPolicy): Promise<ApprovalPolicy> {
  return loadSetting<ApprovalPolicy>(db, POLICY_KEY, {
    fallback: DEFAULT_APPROVAL_POLICY,
    check: (v) => (valid(v) ? { value: v } : { problem: `not a valid approval policy: ${JSON.stringify(v).slice(0, 200)}` }),
    repair: "an admin can save the policy again",
  });
}

/** The stored policy, checked by the pure validator (the import's path; the routes use their zod schema). */
export const storedApprovalPolicy = (db: DbOrTx) => approvalPolicy(db, isApprovalPolicy);

export async function saveApprovalPolicy(db: Db, viewer: Viewer, levels: ApprovalPolicy, now: number): Promise<void> {
  await inTx(db, async (tx) => {
    await writeSetting(tx, POLICY_KEY, levels, now);
    await audit(tx, viewer.id, "setting", 0, "update", { [POLICY_KEY]: levels }, now);
  });
}

async function visibleOpportunity(db: DbOrTx, viewer: Viewer, id: number) {
  const o = await db
    .selectFrom("opportunities as o")
    .select(["o.id", "o.owner_id"])
    .where("o.id", "=", id)
    .where(visible(viewer, "o.owner_id", "o.id", "opportunity"))
    .executeTakeFirst();
  if (!o) throw notFound("opportunity");
  return o;
}

/** A quote on an opportunity the viewer may see, with lines, approval rounds, totals and the approval it needs (404 otherwise). */
export async function quoteView(db: DbOrTx, viewer: Viewer, id: number, policyOf: (db: DbOrTx) => Promise<ApprovalPolicy>) {
  const q = await db
    .selectFrom("quotes as q")
    .innerJoin("opportunities as o", "o.id", "q.opportunity_id")
    .selectAll("q")
    .where("q.id", "=", id)
    .where(visible(viewer, "o.owner_id", "o.id", "opportunity"))
    .executeTakeFirst();
  if (!q) throw notFound("quote");
  const [lines, approvals, policy] = await Promise.all([
    db.selectFrom("quote_lines").selectAll().where("quote_id", "=", id).orderBy("position").execute(),
    db.selectFrom("quote_approvals").selectAll().where("quote_id", "=", id).orderBy("id").execute(),
    policyOf(db),
  ]);
  const totals = quoteTotals(
    lines.map((l) => ({
      units: l.units,
      unitPriceFen: Number(l.unit_price_fen),
      discountBp: l.discount_bp,
      listPriceFen: l.list_price_fen == null ? null : Number(l.list_price_fen),
    })),
    q.discount_bp,
  );
  return { ...q, lines, approvals, totals, requiredApproval: requiredApproval(totals.effectiveDiscountBp, policy) };
}

export async function listQuotes(db: DbOrTx, viewer: Viewer, f: { opportunity?: number; status?: string }) {
  let q = db
    .selectFrom("quotes as q")
    .innerJoin("opportunities as o", "o.id", "q.opportunity_id")
    .select([
      "q.id",
      "q.number",
      "q.opportunity_id",
      "o.title as opportunity_title",
      "q.status",
      "q.round",
      "q.discount_bp",
      "q.subtotal_fen",
      "q.total_fen",
      "q.updated_at",
      "q.version",
    ])
    .where(visible(viewer, "o.owner_id", "o.id", "opportunity"));
  if (f.opportunity) q = q.where("q.opportunity_id", "=", f.opportunity);
  if (f.status) q = q.where("q.status", "=", f.status);
  return q.orderBy("q.id", "desc").limit(500).execute();
}

type PricedQuoteLine = QuoteLine & { productId: number | null; listPriceFen: number | null };

async function writeLines(tx: DbOrTx, quoteId: number, lines: PricedQuoteLine[]) {
  await tx.deleteFrom("quote_lines").where("quote_id", "=", quoteId).execute();
  await tx
    .insertInto("quote_lines")
    .values(
      lines.map((l, i) => ({
        quote_id: quoteId,
        position: i + 1,
        product: l.product,
        units: l.units,
        unit_price_fen: l.unitPriceFen,
        discount_bp: l.discountBp,
        product_id: l.productId,
        list_price_fen: l.listPriceFen,
      })),
    )
    .execute();
}

export async function createQuote(db: Db, viewer: Viewer, b: QuoteBody & { opportunityId: number }, now: number): Promise<number> {
  return inTx(db, (tx) => createQuoteInTx(tx, viewer, b, now));
}

/** Creates a draft quote inside the caller's transaction; `number` (an imported quote's own) defaults to Q-<id>. */
export async function createQuoteInTx(
  tx: DbOrTx,
  viewer: Viewer,
  b: QuoteBody & { opportunityId: number },
  now: number,
  number?: string,
  createdAt = now,
): Promise<number> {
  await visibleOpportunity(tx, viewer, b.opportunityId);
  if (number && (await tx.selectFrom("quotes").select("id").where("number", "=", number).executeTakeFirst()))
    throw new AppError("DUPLICATE", `quote number ${number} is taken`, "number");
  const lines = await priceQuoteLines(tx, b.lines);
  const t = quoteTotals(lines, b.discountBp);
  const { id } = await tx
    .insertInto("quotes")
    .values({
      opportunity_id: b.opportunityId,
      number: number ?? `tmp-${now}-${Math.random().toString(36).slice(2)}`,
      status: "draft",
      discount_bp: b.discountBp,
      subtotal_fen: t.subtotalFen,
      total_fen: t.totalFen,
      round: 0,
      note: b.note ?? null,
      created_by: viewer.id,
      created_at: createdAt,
      updated_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  if (!number)
    await tx
      .updateTable("quotes")
      .set({ number: `Q-${String(id).padStart(6, "0")}` })
      .where("id", "=", id)
      .execute();
  await writeLines(tx, id, lines);
  await audit(tx, viewer.id, "quote", id, "create", { ...b, ...(number ? { number } : {}) }, now);
  return id;
}

export type PolicyOf = (db: DbOrTx) => Promise<ApprovalPolicy>;

/** Replaces the lines and discount of a quote the state machine lets be revised (version-checked). */
export async function reviseQuote(db: Db, viewer: Viewer, id: number, version: number, b: QuoteBody, now: number, policyOf: PolicyOf): Promise<void> {
  await inTx(db, async (tx) => {
    const q = await quoteView(tx, viewer, id, policyOf);
    const tr = nextQuoteState(q.status as QuoteStatus, q.round, { kind: "revise" });
    if (!tr.ok) throw new AppError("RULE", tr.reason);
    const lines = await priceQuoteLines(tx, b.lines);
    const t = quoteTotals(lines, b.discountBp);
    await bump(tx, q.id, version, {
      status: tr.status,
      discount_bp: b.discountBp,
      subtotal_fen: t.subtotalFen,
      total_fen: t.totalFen,
      note: b.note ?? q.note,
      updated_at: now,
    });
    await writeLines(tx, q.id, lines);
    await audit(tx, viewer.id, "quote", q.id, "revise", { ...b, version }, now);
  });
}

/** Submit, send, accept or decline, as the quote state machine allows (version-checked). */
export async function stepQuote(
  db: Db,
  viewer: Viewer,
  id: number,
  version: number,
  kind: "submit" | "send" | "accept" | "decline",
  now: number,
  policyOf: PolicyOf,
): Promise<void> {
  await inTx(db, (tx) => stepQuoteInTx(tx, viewer, id, version, kind, now, policyOf));
}

export async function stepQuoteInTx(
  tx: DbOrTx,
  viewer: Viewer,
  id: number,
  version: number,
  kind: "submit" | "send" | "accept" | "decline",
  now: number,
  policyOf: PolicyOf,
): Promise<void> {
  {
    const q = await quoteView(tx, viewer, id, policyOf);
    const action: QuoteAction = kind === "submit" ? { kind, required: q.requiredApproval } : { kind };
    const tr = nextQuoteState(q.status as QuoteStatus, q.round, action);
    if (!tr.ok) throw new AppError("RULE", tr.reason);
    await bump(tx, q.id, version, { status: tr.status, round: tr.round, updated_at: now });
    await audit(tx, viewer.id, "quote", q.id, kind, { status: [q.status, tr.status], round: tr.round }, now);
  }
}

/** An approver's decision on the current round, recorded in quote_approvals. */
export async function decideQuote(
  db: Db,
  viewer: Viewer,
  id: number,
  version: number,
  d: { decision: "approved" | "rejected"; note?: string | null },
  now: number,
  policyOf: PolicyOf,
): Promise<void> {
  await inTx(db, (tx) => decideQuoteInTx(tx, viewer, id, version, d, now, policyOf));
}

export async function decideQuoteInTx(
  tx: DbOrTx,
  viewer: Viewer,
  id: number,
  version: number,
  d: { decision: "approved" | "rejected"; note?: string | null },
  now: number,
  policyOf: PolicyOf,
): Promise<void> {
  {
    const q = await quoteView(tx, viewer, id, policyOf);
    const tr = nextQuoteState(q.status as QuoteStatus, q.round, {
      kind: "decide",
      decision: d.decision,
      approverRole: viewer.role,
      required: q.requiredApproval,
    });
    if (!tr.ok) throw new AppError("RULE", tr.reason);
    await bump(tx, q.id, version, { status: tr.status, updated_at: now });
    await tx
      .insertInto("quote_approvals")
      .values({ quote_id: q.id, round: q.round, approver_id: viewer.id, decision: d.decision, note: d.note ?? null, at: now })
      .execute();
    await audit(tx, viewer.id, "quote", q.id, d.decision, { round: q.round, note: d.note }, now);
  }
}

async function bump(tx: DbOrTx, id: number, version: number, patch: Record<string, unknown>) {
  const r = await tx
    .updateTable("quotes")
    .set({ ...patch, version: version + 1 })
    .where("id", "=", id)
    .where("version", "=", version)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) {
    const cur = await tx.selectFrom("quotes").select("version").where("id", "=", id).executeTakeFirst();
    throw conflict("quote", version, cur?.version ?? -1);
  }
}
