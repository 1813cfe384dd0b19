/** Saved views of the customers list, the opportunities list and the board: GET/POST/PATCH/DELETE /views. */
import { z } from "zod";
import type { App } from "../http/plugin";
import { VIEW_LISTS } from "./saved-view";
import { createView, deleteView, getView, listViews, updateView } from "./store";

const Id = z.object({ id: z.coerce.number().int().positive() });
const FilterValue = z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.union([z.string(), z.number()]))]);
const Content = {
  name: z.string(),
  filters: z.record(z.string(), FilterValue).optional(),
  columns: z.array(z.string()).optional(),
  sort: z.string().nullable().optional(),
  departmentId: z.number().int().positive().nullable().optional(),
  /** true: share with the viewer's own department (when no departmentId is given); false: make it personal */
  shared: z.boolean().optional(),
};
const tags = ["views"];

export async function viewRoutes(app: App): Promise<void> {
  app.get(
    "/views",
    {
      schema: {
        tags,
        summary: "The viewer's own views of a list, then those shared with their department or a department above it",
        querystring: z.object({ list: z.enum(VIEW_LISTS) }),
      },
    },
    async (req) => ({ items: await listViews(app.db, req.viewer, req.query.list) }),
  );

  app.get("/views/:id", { schema: { tags, params: Id } }, async (req) => getView(app.db, req.viewer, req.params.id));

  app.post("/views", { schema: { tags, body: z.object({ list: z.string(), ...Content }) } }, async (req, reply) => {
    const b = req.body;
    const id = await createView(app.db, req.viewer, { ...b, filters: b.filters ?? {}, columns: b.columns ?? [], sort: b.sort ?? null }, app.now());
    return reply.code(201).send(await getView(app.db, req.viewer, id));
  });

  app.patch(
    "/views/:id",
    { schema: { tags, params: Id, body: z.object({ version: z.number().int(), ...Content, name: z.string().optional() }) } },
    async (req) => {
      const { version, ...b } = req.body;
      await updateView(app.db, req.viewer, req.params.id, version, b, app.now());
      return getView(app.db, req.viewer, req.params.id);
    },
  );

  app.delete("/views/:id", { schema: { tags, params: Id } }, async (req) => {
    await deleteView(app.db, req.viewer, req.params.id, app.now());
    return { ok: true };
  });
}
