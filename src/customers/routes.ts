/** Customer (客户档案) routes: list, create with duplicate check, 360 view, versioned edit, sharing, a record's audit trail. */
import { z } from "zod";
import { isoDate } from "../http/input-guard";
import { auditVisible } from "../audit/visibility";
import { ShareBody, shareRecord } from "../access/shares";
import { poolCountdowns } from "../pools/facts-store";
import { CommonFilters } from "../access/filters";
import { auditOf } from "../audit/log";
import { notFound } from "../core/errors";
import { Page } from "../http/filters";
import type { App } from "../http/plugin";
import { createCustomer, customer360, updateCustomer } from "./record-store";
import { normaliseSizeBand, SIZE_BANDS } from "./size-band";
import { checkDuplicates, getVisibleCustomer, listCustomers } from "./store";
import { customSchema } from "../fields/routes";
import { customFilterQuery, withCustom, withCustomOne } from "../fields/values-store";

const Id = z.object({ id: z.coerce.number().int().positive() });
const opt = (max = 200) => z.string().trim().max(max).nullable().optional();
/** A size band in any accepted spelling (中型, Medium …), stored as its code (large / medium / small). */
const SizeBandField = z
  .string()
  .max(50)
  .nullable()
  .optional()
  .transform((v, ctx) => {
    if (v === undefined) return undefined;
    const band = normaliseSizeBand(v);
    if (band === undefined) {
      ctx.addIssue({ code: "invalid_value", values: [...SIZE_BANDS], message: "sizeBand must be large, medium or small (大型 / 中型 / 小型)" });
      return z.NEVER;
    }
    return band;
  });
const Fields = z.object({
  name: z.string().trim().min(1).max(200),
  externalId: opt(100),
  creditCode: opt(18),
  industry: opt(),
  region: opt(),
  sizeBand: SizeBandField,
  channel: opt(),
  ownerId: z.number().int().positive().optional(),
  creditRating: opt(20),
  prospectRating: opt(20),
  lifecycleStage: opt(50),
  priority: z.enum(["high", "medium", "low"]).nullable().optional(),
  tags: z.array(z.string().trim().min(1).max(40)).max(30).optional(),
  notes: opt(5000),
  nextFollowUpDate: isoDate().nullable().optional(),
  custom: customSchema("customer").optional(),
});

export async function customerRoutes(app: App): Promise<void> {
  app.get(
    "/customers",
    {
      schema: {
        tags: ["customers"],
        querystring: CommonFilters.extend(Page.shape).extend({
          q: z.string().max(100).optional(),
          priority: z.string().optional(),
          sort: z.string().optional(),
        }),
      },
    },
    async (req) => {
      const page = await listCustomers(app.db, req.viewer, { ...req.query, cf: customFilterQuery(req.url) });
      const countdowns = await poolCountdowns(
        app.db,
        page.items.map((c) => c.id),
        app.now(),
        app.config.TZ_ORG,
      );
      return {
        ...page,
        items: await withCustom(
          app.db,
          "customer",
          page.items.map((c) => ({ ...c, poolCountdown: countdowns.get(c.id) ?? null })),
        ),
      };
    },
  );

  app.get(
    "/customers/duplicates",
    {
      schema: {
        tags: ["customers"],
        querystring: z.object({ name: z.string().trim().max(200).default(""), creditCode: z.string().trim().max(18).optional() }),
      },
    },
    async (req) => ({ items: await checkDuplicates(app.db, req.viewer, req.query.name, req.query.creditCode || null) }),
  );

  app.post("/customers", { schema: { tags: ["customers"], body: Fields } }, async (req, reply) => {
    const result = await createCustomer(app.db, req.viewer, req.body, app.now(), app.config.TZ_ORG);
    return reply
      .code(201)
      .send({ customer: await withCustomOne(app.db, "customer", await getVisibleCustomer(app.db, req.viewer, result.id)), duplicates: result.duplicates });
  });

  app.get("/customers/:id", { schema: { tags: ["customers"], params: Id } }, async (req) => {
    const c = await customer360(app.db, req.viewer, req.params.id, app.now(), app.config.TZ_ORG);
    return withCustomOne(app.db, "customer", { ...c, contacts: await withCustom(app.db, "contact", c.contacts) });
  });

  app.patch("/customers/:id", { schema: { tags: ["customers"], params: Id, body: Fields.partial().extend({ version: z.number().int() }) } }, async (req) => {
    const { version, ...b } = req.body;
    const duplicates = await updateCustomer(app.db, req.viewer, req.params.id, version, b, app.now(), app.config.TZ_ORG);
    const customer = await withCustomOne(app.db, "customer", await getVisibleCustomer(app.db, req.viewer, req.params.id));
    return duplicates ? { ...customer, duplicates } : customer;
  });

  app.post("/customers/:id/shares", { schema: { tags: ["customers"], params: Id, body: ShareBody } }, async (req, reply) => {
    const c = await getVisibleCustomer(app.db, req.viewer, req.params.id);
    if (!c) throw notFound("customer");
    await shareRecord(app.db, req.viewer, "customer", c, req.body, app.now());
    return reply.code(201).send({ ok: true });
  });

  // The trail of a record is read by exactly those who may see the record (src/audit/visibility.ts); else 404.
  app.get(
    "/audit",
    {
      schema: {
        tags: ["audit"],
        querystring: z.object({
          entity: z.string().max(40),
          id: z.coerce.number().int().positive(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
      },
    },
    async (req) => {
      if (!(await auditVisible(app.db, req.viewer, req.query.entity, req.query.id))) throw notFound(req.query.entity);
      return { items: await auditOf(app.db, req.query.entity, req.query.id, req.query.limit) };
    },
  );
}
