/** Contract, payment schedule and payment routes (J2), with signed / qualified-signed status per contract and customer. */
import { z } from "zod";
import { isIsoDate } from "../core/dates";
import { notFound } from "../core/errors";
import type { App } from "../http/plugin";
import { contractStatus, customerSignStatus } from "./collections";
import { createContract, recordPayment } from "./contract-store";
import { type ContractBundle, loadContracts, todayIn } from "./store";

const Id = z.object({ id: z.coerce.number().int().positive() });
const Date_ = z.string().refine(isIsoDate, "use YYYY-MM-DD");
const Create = z.object({
  customerId: z.number().int().positive(),
  opportunityId: z.number().int().positive().nullable().optional(),
  number: z.string().trim().min(1).max(60),
  signedDate: Date_,
  amountFen: z.number().int().positive(),
  schedule: z
    .array(z.object({ dueDate: Date_, amountFen: z.number().int().positive() }))
    .max(60)
    .default([]),
});
const PaymentBody = z.object({
  receivedDate: Date_,
  amountFen: z
    .number()
    .int()
    .refine((v) => v !== 0, "amount cannot be zero"),
  note: z.string().max(1000).nullable().optional(),
});

export function withStatus(c: ContractBundle, tz: string, today: string) {
  return { ...c, status: contractStatus({ amountFen: c.amountFen, signedAt: c.signedAt }, c.schedule, c.payments, tz, today) };
}

export async function contractRoutes(app: App): Promise<void> {
  const tz = () => app.config.TZ_ORG;

  app.get(
    "/contracts",
    {
      schema: {
        tags: ["cash"],
        querystring: z.object({
          customer: z.coerce.number().int().positive().optional(),
          opportunity: z.coerce.number().int().positive().optional(),
          owner: z.coerce.number().int().positive().optional(),
          team: z.coerce.number().int().positive().optional(),
        }),
      },
    },
    async (req) => {
      const today = todayIn(app.now(), tz());
      return { items: (await loadContracts(app.db, req.viewer, req.query)).map((c) => withStatus(c, tz(), today)) };
    },
  );

  app.get("/contracts/:id", { schema: { tags: ["cash"], params: Id } }, async (req) => {
    const [c] = await loadContracts(app.db, req.viewer, { id: req.params.id });
    if (!c) throw notFound("contract");
    return withStatus(c, tz(), todayIn(app.now(), tz()));
  });

  app.post("/contracts", { schema: { tags: ["cash"], body: Create } }, async (req, reply) => {
    const viewer = req.viewer;
    const now = app.now();
    const id = await createContract(app.db, viewer, req.body, now, tz());
    const [c] = await loadContracts(app.db, viewer, { id });
    return reply.code(201).send(withStatus(c, tz(), todayIn(now, tz())));
  });

  app.post("/contracts/:id/payments", { schema: { tags: ["cash"], params: Id, body: PaymentBody } }, async (req, reply) => {
    const viewer = req.viewer;
    const now = app.now();
    const [c] = await loadContracts(app.db, viewer, { id: req.params.id });
    if (!c) throw notFound("contract");
    // the cash rules (not before signing, not after today) are checked below the route, for the import too
    await recordPayment(app.db, viewer, c.id, req.body, now, tz());
    const [after] = await loadContracts(app.db, viewer, { id: c.id });
    return reply.code(201).send(withStatus(after, tz(), todayIn(now, tz())));
  });

  app.get("/customers/:id/sign-status", { schema: { tags: ["cash"], params: Id } }, async (req) => {
    const today = todayIn(app.now(), tz());
    const contracts = (await loadContracts(app.db, req.viewer, { customer: req.params.id })).map((c) => withStatus(c, tz(), today));
    return { customerId: req.params.id, status: customerSignStatus(contracts.map((c) => c.status)), contracts };
  });
}
