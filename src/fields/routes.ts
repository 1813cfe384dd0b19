/** Custom field definitions: everyone reads them (forms, lists, imports need them); admins define and edit. */
import { z } from "zod";
import { requireRole } from "../access/viewer";
import type { App } from "../http/plugin";
import { FIELD_ENTITIES, FIELD_TYPES } from "./model";
import { createField, listFields, updateField } from "./store";

const Id = z.object({ id: z.coerce.number().int().positive() });
const Option = z.object({ key: z.string().trim().min(1).max(40), labelZh: z.string().trim().min(1).max(100), labelEn: z.string().trim().min(1).max(100) });
const Definition = z.object({
  labelZh: z.string().trim().min(1).max(100),
  labelEn: z.string().trim().min(1).max(100),
  type: z.enum(FIELD_TYPES),
  required: z.boolean().optional(),
  options: z.array(Option).max(200).optional(),
  position: z.number().int().min(0).max(10_000).optional(),
});

/** What a custom value looks like in a record's `custom` object (its field's type decides which). */
export const CustomValueSchema = z
  .union([z.string(), z.number(), z.boolean(), z.array(z.string()), z.null()])
  .describe(
    "text / long_text / date (YYYY-MM-DD) / select (option key): string; number; money: integer fen; user: user id; bool: true/false; multi_select: option keys",
  );
/** The `custom` object of a record of `entity`: field key → value, the fields as GET /fields?entity=… lists them. */
export const customSchema = (entity: string) =>
  z
    .record(z.string(), CustomValueSchema)
    .describe(
      `Custom fields of the ${entity} (issue 12): { key: value } for the active fields of GET /api/v1/fields?entity=${entity}. On create and PATCH, give only the keys to set; null clears. A bad value answers 400 with field "custom.<key>".`,
    );

export async function fieldRoutes(app: App): Promise<void> {
  const tags = ["fields"];
  app.get(
    "/fields",
    {
      schema: {
        tags,
        summary: "Custom field definitions (everyone)",
        querystring: z.object({ entity: z.enum(FIELD_ENTITIES).optional(), active: z.enum(["true", "false"]).optional() }),
      },
    },
    async (req) => {
      const all = await listFields(app.db, req.query.entity, true);
      return { items: req.query.active === undefined ? all : all.filter((f) => f.active === (req.query.active === "true")) };
    },
  );

  app.post(
    "/fields",
    {
      schema: {
        tags,
        summary: "Define a custom field (admin)",
        body: Definition.extend({ entity: z.enum(FIELD_ENTITIES), key: z.string().trim().min(1).max(40) }),
      },
    },
    async (req, reply) => {
      requireRole(req.viewer, "admin");
      return reply.code(201).send(await createField(app.db, req.viewer, req.body, app.now()));
    },
  );

  app.patch(
    "/fields/:id",
    {
      schema: {
        tags,
        summary: "Edit a custom field (admin): labels, options, required, order, active; a type change must convert every stored value",
        params: Id,
        body: Definition.partial().extend({ active: z.boolean().optional(), version: z.number().int() }),
      },
    },
    async (req) => {
      requireRole(req.viewer, "admin");
      const { version, ...b } = req.body;
      return updateField(app.db, req.viewer, req.params.id, version, b, app.now());
    },
  );
}
