/** Product routes: the catalogue and price lists (admin/manager writes), opportunity line items, a quote from the lines, and the products report. */
import { z } from "zod";
import { CommonFilters } from "../access/filters";
import { quoteRoutesPolicy } from "../cash/quote-routes";
import { quoteView } from "../cash/quote-store";
import { Page } from "../http/filters";
import { isoDate } from "../http/input-guard";
import type { App } from "../http/plugin";
import { createPriceList, createProduct, getProduct, listPriceLists, listProducts, updatePriceList, updateProduct } from "./catalogue-store";
import { opportunityLines, replaceLines } from "./lines-store";
import { quoteFromLines } from "./quote-from-lines-store";
import { productsReport } from "./reports";

const Id = z.object({ id: z.coerce.number().int().positive() });
const money = z.number().int().min(0).max(1e15);
const ProductBody = z.object({
  code: z.string().trim().min(1).max(60),
  name: z.string().trim().min(1).max(200),
  category: z.string().trim().max(100).nullable().optional(),
  unit: z.string().trim().max(20).nullable().optional(),
  listPriceFen: money,
  costFen: money.nullable().optional(),
  active: z.boolean().optional(),
});
const ProductList = Page.extend({
  q: z.string().max(100).optional(),
  category: z.string().max(100).optional(),
  sort: z.string().max(30).optional(),
  active: z
    .enum(["true", "false"])
    .transform((v) => v === "true")
    .optional(),
});
const PriceListBody = z.object({
  name: z.string().trim().min(1).max(100),
  isDefault: z.boolean().optional(),
  items: z
    .array(z.object({ productId: z.number().int().positive(), priceFen: money }))
    .max(5000)
    .default([]),
});
const LineBody = z.object({
  productId: z.number().int().positive(),
  units: z.number().int().positive().max(1e9),
  unitPriceFen: money.optional(),
  discountBp: z.number().int().min(0).max(10_000).optional(),
});
const date = isoDate("a real date YYYY-MM-DD");
const ReportQuery = CommonFilters.extend({
  period: z.string().max(10).optional(),
  from: date.optional(),
  to: date.optional(),
  category: z.string().max(100).optional(),
});

export async function productRoutes(app: App): Promise<void> {
  const tags = ["products"];
  app.get("/products", { schema: { tags, summary: "The product catalogue, keyset-paged", querystring: ProductList } }, async (req) =>
    listProducts(app.db, req.query),
  );
  app.get("/products/:id", { schema: { tags, params: Id } }, async (req) => getProduct(app.db, req.params.id));
  app.post(
    "/products",
    { schema: { tags, summary: "Add a product (admin, manager); a code that exists answers 409 naming code", body: ProductBody } },
    async (req, reply) => {
      const id = await createProduct(app.db, req.viewer, req.body, app.now());
      return reply.code(201).send(await getProduct(app.db, id));
    },
  );
  app.patch("/products/:id", { schema: { tags, params: Id, body: ProductBody.partial().extend({ version: z.number().int().positive() }) } }, async (req) => {
    const { version, ...b } = req.body;
    await updateProduct(app.db, req.viewer, req.params.id, version, b, app.now());
    return getProduct(app.db, req.params.id);
  });

  app.get("/price-lists", { schema: { tags, summary: "Price lists with their per-product prices" } }, async () => ({ items: await listPriceLists(app.db) }));
  app.post("/price-lists", { schema: { tags, body: PriceListBody } }, async (req, reply) => {
    const id = await createPriceList(app.db, req.viewer, req.body, app.now());
    return reply.code(201).send((await listPriceLists(app.db)).find((l) => l.id === id));
  });
  app.patch("/price-lists/:id", { schema: { tags, params: Id, body: PriceListBody.extend({ version: z.number().int().positive() }) } }, async (req) => {
    const { version, ...b } = req.body;
    await updatePriceList(app.db, req.viewer, req.params.id, version, b, app.now());
    return (await listPriceLists(app.db)).find((l) => l.id === req.params.id);
  });

  app.get("/opportunities/:id/lines", { schema: { tags, summary: "An opportunity's line items and their totals", params: Id } }, async (req) =>
    opportunityLines(app.db, req.viewer, req.params.id),
  );
  app.put(
    "/opportunities/:id/lines",
    {
      schema: {
        tags,
        summary: "Replace the line items; the opportunity's amount becomes their total (409 on a stale version)",
        params: Id,
        body: z.object({ version: z.number().int().positive(), lines: z.array(LineBody).max(200) }),
      },
    },
    async (req) => {
      await replaceLines(app.db, req.viewer, req.params.id, req.body.version, req.body.lines, app.now());
      return opportunityLines(app.db, req.viewer, req.params.id);
    },
  );
  app.post(
    "/opportunities/:id/quote",
    {
      schema: {
        tags,
        summary: "A draft quote built from the opportunity's line items",
        params: Id,
        body: z.object({ discountBp: z.number().int().min(0).max(10_000).default(0), note: z.string().max(2000).nullable().optional() }).optional(),
      },
    },
    async (req, reply) => {
      const id = await quoteFromLines(app.db, req.viewer, req.params.id, req.body ?? { discountBp: 0 }, app.now());
      return reply.code(201).send(await quoteView(app.db, req.viewer, id, quoteRoutesPolicy));
    },
  );

  app.get(
    "/reports/products",
    { schema: { tags: ["reports"], summary: "Revenue, units, win rate and average price by product and category", querystring: ReportQuery } },
    async (req) => productsReport(app.db, req.viewer, req.query, app.now(), app.config.TZ_ORG),
  );
}
