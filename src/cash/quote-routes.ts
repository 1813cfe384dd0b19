/** Quote routes (J1): line items and discount, submission, approval rounds recorded in quote_approvals. */
import { z } from "zod";
import { requireRole } from "../access/viewer";
import type { DbOrTx } from "../db/tx";
import type { App } from "../http/plugin";
import type { ApprovalPolicy } from "./quote";
import { approvalPolicy, createQuote, decideQuote, listQuotes, quoteView, reviseQuote, saveApprovalPolicy, stepQuote } from "./quote-store";

const Id = z.object({ id: z.coerce.number().int().positive() });
const Line = z.object({
  product: z.string().trim().min(1).max(200),
  units: z.number().int().positive(),
  unitPriceFen: z.number().int().nonnegative(),
  discountBp: z.number().int().min(0).max(10_000).default(0),
  productId: z.number().int().positive().nullable().optional(),
});
const Body = z.object({
  lines: z.array(Line).min(1).max(200),
  discountBp: z.number().int().min(0).max(10_000).default(0),
  note: z.string().max(2000).nullable().optional(),
});
const Versioned = z.object({ version: z.number().int().positive() });
const Policy = z.array(z.object({ overBp: z.number().int().min(0).max(10_000), role: z.enum(["manager", "admin"]) })).max(5);

const isPolicy = (v: unknown): v is ApprovalPolicy => Policy.safeParse(v).success;
const policyOf = (db: DbOrTx) => approvalPolicy(db, isPolicy);
/** The stored approval policy, validated: for other routes that show a quote (a quote from line items). */
export const quoteRoutesPolicy = policyOf;

export async function quoteRoutes(app: App): Promise<void> {
  app.get(
    "/quotes",
    {
      schema: { tags: ["cash"], querystring: z.object({ opportunity: z.coerce.number().int().positive().optional(), status: z.string().max(30).optional() }) },
    },
    async (req) => ({
      items: await listQuotes(app.db, req.viewer, req.query),
    }),
  );

  app.get("/quotes/policy", { schema: { tags: ["cash"] } }, async () => ({ levels: await policyOf(app.db) }));
  app.put("/quotes/policy", { schema: { tags: ["cash"], body: z.object({ levels: Policy }) } }, async (req) => {
    requireRole(req.viewer, "admin");
    await saveApprovalPolicy(app.db, req.viewer, req.body.levels, app.now());
    return { levels: req.body.levels };
  });

  app.get("/quotes/:id", { schema: { tags: ["cash"], params: Id } }, async (req) => quoteView(app.db, req.viewer, req.params.id, policyOf));

  app.post("/quotes", { schema: { tags: ["cash"], body: Body.extend({ opportunityId: z.number().int().positive() }) } }, async (req, reply) => {
    const id = await createQuote(app.db, req.viewer, req.body, app.now());
    return reply.code(201).send(await quoteView(app.db, req.viewer, id, policyOf));
  });

  app.put("/quotes/:id", { schema: { tags: ["cash"], params: Id, body: Body.extend(Versioned.shape) } }, async (req) => {
    const { version, ...b } = req.body;
    await reviseQuote(app.db, req.viewer, req.params.id, version, b, app.now(), policyOf);
    return quoteView(app.db, req.viewer, req.params.id, policyOf);
  });

  const step = (path: string, kind: "submit" | "send" | "accept" | "decline") =>
    app.post(`/quotes/:id/${path}`, { schema: { tags: ["cash"], params: Id, body: Versioned } }, async (req) => {
      await stepQuote(app.db, req.viewer, req.params.id, req.body.version, kind, app.now(), policyOf);
      return quoteView(app.db, req.viewer, req.params.id, policyOf);
    });
  step("submit", "submit");
  step("send", "send");
  step("accept", "accept");
  step("decline", "decline");

  app.post(
    "/quotes/:id/decision",
    {
      schema: {
        tags: ["cash"],
        params: Id,
        body: Versioned.extend({ decision: z.enum(["approved", "rejected"]), note: z.string().max(2000).nullable().optional() }),
      },
    },
    async (req) => {
      requireRole(req.viewer, "admin", "manager");
      const { version, ...d } = req.body;
      await decideQuote(app.db, req.viewer, req.params.id, version, d, app.now(), policyOf);
      return quoteView(app.db, req.viewer, req.params.id, policyOf);
    },
  );
}
