/** Quote routes (J1): line items and discount, submission, approval rounds recorded in quote_approvals. */
import { z } from "zod";
import { audit } from "../audit/log";
import { AppError, conflict, notFound } from "../core/errors";
import type { Db } from "../db/connect";
import { inTx, type DbOrTx } from "../db/tx";
import { requireRole, type Viewer } from "../access/viewer";
import { visible } from "../access/visible";
import type { App } from "../http/plugin";
import { DEFAULT_APPROVAL_POLICY, nextQuoteState, quoteTotals, requiredApproval, type ApprovalPolicy, type QuoteAction, type QuoteStatus } from "./quote";

const Id = z.object({ id: z.coerce.number().int().positive() });
const Line = z.object({
  product: z.string().trim().min(1).max(200), units: z.number().int().positive(),
  unitPriceFen: z.number().int().nonnegative(), discountBp: z.number().int().min(0).max(10_000).default(0),
});
const Body = z.object({ lines: z.array(Line).min(1).max(200), discountBp: z.number().int().min(0).max(10_000).default(0), note: z.string().max(2000).nullable().optional() });
const Versioned = z.object({ version: z.number().int().positive() });
const Policy = z.array(z.object({ overBp: z.number().int().min(0).max(10_000), role: z.enum(["manager", "admin"]) })).max(5);

const POLICY_KEY = "cash.approval_policy";

export async function approvalPolicy(db: DbOrTx): Promise<ApprovalPolicy> {
  const r = await db.selectFrom("settings").select("value").where("key", "=", POLICY_KEY).executeTakeFirst();
  if (!r) return DEFAULT_APPROVAL_POLICY;
  const parsed = Policy.safeParse(JSON.parse(r.value));
  return parsed.success ? parsed.data : DEFAULT_APPROVAL_POLICY;
}

async function visibleOpportunity(db: DbOrTx, viewer: Viewer, id: number) {
  const o = await db.selectFrom("opportunities as o").select(["o.id", "o.owner_id"]).where("o.id", "=", id)
    .where(visible(viewer, "o.owner_id", "o.id", "opportunity")).executeTakeFirst();
  if (!o) throw notFound("opportunity");
  return o;
}

export async function quoteView(db: Db | DbOrTx, viewer: Viewer, id: number) {
  const q = await db.selectFrom("quotes as q").innerJoin("opportunities as o", "o.id", "q.opportunity_id").selectAll("q")
    .where("q.id", "=", id).where(visible(viewer, "o.owner_id", "o.id", "opportunity")).executeTakeFirst();
  if (!q) throw notFound("quote");
  const [lines, approvals, policy] = await Promise.all([
    db.selectFrom("quote_lines").selectAll().where("quote_id", "=", id).orderBy("position").execute(),
    db.selectFrom("quote_approvals").selectAll().where("quote_id", "=", id).orderBy("id").execute(),
    approvalPolicy(db),
  ]);
  const totals = quoteTotals(lines.map((l) => ({ units: l.units, unitPriceFen: Number(l.unit_price_fen), discountBp: l.discount_bp })), q.discount_bp);
  return { ...q, lines, approvals, totals, requiredApproval: requiredApproval(totals.effectiveDiscountBp, policy) };
}

async function writeLines(tx: DbOrTx, quoteId: number, lines: z.infer<typeof Line>[]) {
  await tx.deleteFrom("quote_lines").where("quote_id", "=", quoteId).execute();
  await tx.insertInto("quote_lines").values(lines.map((l, i) => ({
    quote_id: quoteId, position: i + 1, product: l.product, units: l.units, unit_price_fen: l.unitPriceFen, discount_bp: l.discountBp,
  }))).execute();
}

export async function quoteRoutes(app: App): Promise<void> {
  app.get("/quotes", { schema: { tags: ["cash"], querystring: z.object({ opportunity: z.coerce.number().int().positive().optional(), status: z.string().max(30).optional() }) } }, async (req) => {
    const viewer = req.viewer;
    let q = app.db.selectFrom("quotes as q").innerJoin("opportunities as o", "o.id", "q.opportunity_id")
      .select(["q.id", "q.number", "q.opportunity_id", "o.title as opportunity_title", "q.status", "q.round", "q.discount_bp", "q.subtotal_fen", "q.total_fen", "q.updated_at", "q.version"])
      .where(visible(viewer, "o.owner_id", "o.id", "opportunity"));
    if (req.query.opportunity) q = q.where("q.opportunity_id", "=", req.query.opportunity);
    if (req.query.status) q = q.where("q.status", "=", req.query.status);
    return { items: await q.orderBy("q.id", "desc").limit(500).execute() };
  });

  app.get("/quotes/policy", { schema: { tags: ["cash"] } }, async () => ({ levels: await approvalPolicy(app.db) }));
  app.put("/quotes/policy", { schema: { tags: ["cash"], body: z.object({ levels: Policy }) } }, async (req) => {
    const viewer = req.viewer;
    requireRole(viewer, "admin");
    const now = app.now();
    const value = JSON.stringify(req.body.levels);
    await inTx(app.db, async (tx) => {
      await tx.deleteFrom("settings").where("key", "=", POLICY_KEY).execute();
      await tx.insertInto("settings").values({ key: POLICY_KEY, value, updated_at: now }).execute();
      await audit(tx, viewer.id, "setting", 0, "update", { [POLICY_KEY]: req.body.levels }, now);
    });
    return { levels: req.body.levels };
  });

  app.get("/quotes/:id", { schema: { tags: ["cash"], params: Id } }, async (req) => quoteView(app.db, req.viewer, req.params.id));

  app.post("/quotes", { schema: { tags: ["cash"], body: Body.extend({ opportunityId: z.number().int().positive() }) } }, async (req, reply) => {
    const viewer = req.viewer;
    const b = req.body;
    const now = app.now();
    const id = await inTx(app.db, async (tx) => {
      await visibleOpportunity(tx, viewer, b.opportunityId);
      const t = quoteTotals(b.lines.map((l) => ({ units: l.units, unitPriceFen: l.unitPriceFen, discountBp: l.discountBp })), b.discountBp);
      const { id } = await tx.insertInto("quotes").values({
        opportunity_id: b.opportunityId, number: `tmp-${now}-${Math.random().toString(36).slice(2)}`, status: "draft", discount_bp: b.discountBp,
        subtotal_fen: t.subtotalFen, total_fen: t.totalFen, round: 0, note: b.note ?? null, created_by: viewer.id, created_at: now, updated_at: now,
      }).returning("id").executeTakeFirstOrThrow();
      await tx.updateTable("quotes").set({ number: `Q-${String(id).padStart(6, "0")}` }).where("id", "=", id).execute();
      await writeLines(tx, id, b.lines);
      await audit(tx, viewer.id, "quote", id, "create", b, now);
      return id;
    });
    return reply.code(201).send(await quoteView(app.db, viewer, id));
  });

  app.put("/quotes/:id", { schema: { tags: ["cash"], params: Id, body: Body.extend(Versioned.shape) } }, async (req) => {
    const viewer = req.viewer;
    const now = app.now();
    await inTx(app.db, async (tx) => {
      const q = await quoteView(tx, viewer, req.params.id);
      const tr = nextQuoteState(q.status as QuoteStatus, q.round, { kind: "revise" });
      if (!tr.ok) throw new AppError("RULE", tr.reason);
      const t = quoteTotals(req.body.lines, req.body.discountBp);
      await bump(tx, q.id, req.body.version, { status: tr.status, discount_bp: req.body.discountBp, subtotal_fen: t.subtotalFen, total_fen: t.totalFen, note: req.body.note ?? q.note, updated_at: now });
      await writeLines(tx, q.id, req.body.lines);
      await audit(tx, viewer.id, "quote", q.id, "revise", req.body, now);
    });
    return quoteView(app.db, viewer, req.params.id);
  });

  const step = (path: string, kind: "submit" | "send" | "accept" | "decline") =>
    app.post(`/quotes/:id/${path}`, { schema: { tags: ["cash"], params: Id, body: Versioned } }, async (req) => {
      const viewer = req.viewer;
      const now = app.now();
      await inTx(app.db, async (tx) => {
        const q = await quoteView(tx, viewer, req.params.id);
        const action: QuoteAction = kind === "submit" ? { kind, required: q.requiredApproval } : { kind };
        const tr = nextQuoteState(q.status as QuoteStatus, q.round, action);
        if (!tr.ok) throw new AppError("RULE", tr.reason);
        await bump(tx, q.id, req.body.version, { status: tr.status, round: tr.round, updated_at: now });
        await audit(tx, viewer.id, "quote", q.id, kind, { status: [q.status, tr.status], round: tr.round }, now);
      });
      return quoteView(app.db, viewer, req.params.id);
    });
  step("submit", "submit"); step("send", "send"); step("accept", "accept"); step("decline", "decline");

  app.post("/quotes/:id/decision", {
    schema: { tags: ["cash"], params: Id, body: Versioned.extend({ decision: z.enum(["approved", "rejected"]), note: z.string().max(2000).nullable().optional() }) },
  }, async (req) => {
    const viewer = req.viewer;
    requireRole(viewer, "admin", "manager");
    const now = app.now();
    await inTx(app.db, async (tx) => {
      const q = await quoteView(tx, viewer, req.params.id);
      const tr = nextQuoteState(q.status as QuoteStatus, q.round, { kind: "decide", decision: req.body.decision, approverRole: viewer.role, required: q.requiredApproval });
      if (!tr.ok) throw new AppError("RULE", tr.reason);
      await bump(tx, q.id, req.body.version, { status: tr.status, updated_at: now });
      await tx.insertInto("quote_approvals").values({ quote_id: q.id, round: q.round, approver_id: viewer.id, decision: req.body.decision, note: req.body.note ?? null, at: now }).execute();
      await audit(tx, viewer.id, "quote", q.id, req.body.decision, { round: q.round, note: req.body.note }, now);
    });
    return quoteView(app.db, viewer, req.params.id);
  });
}

async function bump(tx: DbOrTx, id: number, version: number, patch: Record<string, unknown>) {
  const r = await tx.updateTable("quotes").set({ ...patch, version: version + 1 }).where("id", "=", id).where("version", "=", version).executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) {
    const cur = await tx.selectFrom("quotes").select("version").where("id", "=", id).executeTakeFirst();
    throw conflict("quote", version, cur?.version ?? -1);
  }
}
