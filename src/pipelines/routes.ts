/** Pipelines, stages, exit checklists, recommended actions and lost reasons: everyone reads, admins edit. */
import { z } from "zod";
import { requireRole } from "../access/viewer";
import { AppError } from "../core/errors";
import type { App } from "../http/plugin";
import {
  addStageItem,
  createLostReason,
  createPipeline,
  deleteStageItem,
  listLostReasons,
  updateLostReason,
  updatePipeline,
  updateStage,
  updateStageItem,
} from "./admin-store";
import { addStage, copyPipeline, createFromScratch, removeStage, reorderStages } from "./builder-store";
import { getPipeline, listPipelines } from "./store";
import { TEMPLATES } from "./templates";

const Id = z.object({ id: z.coerce.number().int().positive() });
const Text = z.object({ textZh: z.string().trim().min(1).max(500), textEn: z.string().trim().min(1).max(500) });
const StagePatch = z.object({
  nameZh: z.string().trim().min(1).max(100).optional(),
  nameEn: z.string().trim().min(1).max(100).optional(),
  probability: z.number().int().min(0).max(100).optional(),
  definitionZh: z.string().max(2000).nullable().optional(),
  definitionEn: z.string().max(2000).nullable().optional(),
  stallDays: z.number().int().min(1).max(3650).nullable().optional(),
  ownerRole: z.string().max(50).nullable().optional(),
  targetConversion: z.number().min(0).max(1).nullable().optional(),
});

const Item = z.union([z.string(), z.object({ textZh: z.string(), textEn: z.string() })]);
/** A stage of a pipeline built by the user; ranges are checked below the route (src/pipelines/builder.ts). */
const NewStage = z.object({
  key: z.string().optional(),
  nameZh: z.string(),
  nameEn: z.string(),
  probability: z.number(),
  definition: z.string().nullable().optional(),
  definitionZh: z.string().nullable().optional(),
  definitionEn: z.string().nullable().optional(),
  checklist: z.array(Item).optional(),
  actions: z.array(Item).optional(),
  stallDays: z.number().int().nullable().optional(),
  ownerRole: z.string().nullable().optional(),
});

export async function pipelineRoutes(app: App): Promise<void> {
  app.get("/pipelines", { schema: { tags: ["pipelines"] } }, async () => ({ items: await listPipelines(app.db) }));
  app.get("/pipelines/templates", { schema: { tags: ["pipelines"] } }, async () => ({
    items: TEMPLATES.map((t) => ({ key: t.key, nameZh: t.name.zh, nameEn: t.name.en, kind: t.kind, stageCount: t.stages.length })),
  }));
  app.get("/pipelines/:id", { schema: { tags: ["pipelines"], params: Id } }, async (req) => getPipeline(app.db, req.params.id));

  app.post(
    "/pipelines",
    {
      schema: {
        tags: ["pipelines"],
        description: "Installs a template (`template`) or builds a pipeline from scratch (`stages`, Won and Lost added for a deal pipeline).",
        body: z.object({
          template: z.string().optional(),
          key: z.string().optional(),
          nameZh: z.string().optional(),
          nameEn: z.string().optional(),
          kind: z.enum(["deal", "customer"]).optional(),
          skipRule: z.enum(["strict", "warn"]).optional(),
          checklistRule: z.enum(["strict", "warn"]).optional(),
          stages: z.array(NewStage).optional(),
        }),
      },
    },
    async (req, reply) => {
      requireRole(req.viewer, "admin");
      const b = req.body;
      let id: number;
      if (b.template !== undefined) {
        if (!TEMPLATES.some((t) => t.key === b.template)) throw new AppError("INVALID", `unknown template "${b.template}"`, "template");
        const key = b.key ?? b.template;
        if (!/^[a-z0-9_-]{2,40}$/.test(key))
          throw new AppError("INVALID", "a pipeline key is 2-40 of a-z, 0-9, _ and -", "key", undefined, { rule: "pipelineKey" });
        id = await createPipeline(app.db, req.viewer, { template: b.template, key, nameZh: b.nameZh || undefined, nameEn: b.nameEn || undefined }, app.now());
      } else {
        if (b.stages === undefined)
          throw new AppError("INVALID", "give a template, or stages for a pipeline of your own", "stages", undefined, { rule: "noStages" });
        id = await createFromScratch(
          app.db,
          req.viewer,
          { ...b, key: b.key ?? "", nameZh: b.nameZh ?? "", nameEn: b.nameEn ?? "", stages: b.stages },
          app.now(),
        );
      }
      return reply.code(201).send(await getPipeline(app.db, id));
    },
  );

  app.post(
    "/pipelines/:id/copy",
    {
      schema: {
        tags: ["pipelines"],
        params: Id,
        body: z.object({ key: z.string().regex(/^[a-z0-9_-]{2,40}$/), nameZh: z.string().optional(), nameEn: z.string().optional() }),
      },
    },
    async (req, reply) => {
      requireRole(req.viewer, "admin");
      return reply.code(201).send(await getPipeline(app.db, await copyPipeline(app.db, req.viewer, req.params.id, req.body, app.now())));
    },
  );

  app.post(
    "/pipelines/:id/stages",
    {
      schema: {
        tags: ["pipelines"],
        params: Id,
        description: "Adds an open stage; `position` is its index among the open stages (default: last, before Won).",
        body: NewStage.extend({ position: z.number().int().optional(), version: z.number().int().optional() }),
      },
    },
    async (req, reply) => {
      requireRole(req.viewer, "admin");
      await addStage(app.db, req.viewer, req.params.id, req.body, app.now());
      return reply.code(201).send(await getPipeline(app.db, req.params.id));
    },
  );

  app.delete(
    "/stages/:id",
    {
      schema: {
        tags: ["pipelines"],
        params: Id,
        description: "Removes (archives) an open stage; one that holds opportunities needs `moveTo`, where they move with a stage event each.",
        querystring: z.object({ moveTo: z.coerce.number().int().positive().optional(), version: z.coerce.number().int().optional() }),
      },
    },
    async (req) => {
      requireRole(req.viewer, "admin");
      const r = await removeStage(app.db, req.viewer, req.params.id, req.query.moveTo, app.now(), req.query.version);
      return { moved: r.moved, movedCustomers: r.movedCustomers, moveTo: r.moveTo, pipeline: await getPipeline(app.db, r.pipelineId) };
    },
  );

  app.put(
    "/pipelines/:id/stage-order",
    {
      schema: {
        tags: ["pipelines"],
        params: Id,
        description: "Orders the open stages (every one, once); Won and Lost stay last.",
        body: z.object({ stageIds: z.array(z.number().int()), version: z.number().int().optional() }),
      },
    },
    async (req) => {
      requireRole(req.viewer, "admin");
      await reorderStages(app.db, req.viewer, req.params.id, req.body.stageIds, app.now(), req.body.version);
      return getPipeline(app.db, req.params.id);
    },
  );

  app.patch(
    "/pipelines/:id",
    {
      schema: {
        tags: ["pipelines"],
        params: Id,
        body: z.object({
          version: z.number().int(),
          nameZh: z.string().trim().min(1).optional(),
          nameEn: z.string().trim().min(1).optional(),
          skipRule: z.enum(["strict", "warn"]).optional(),
          checklistRule: z.enum(["strict", "warn"]).optional(),
          archived: z.boolean().optional(),
        }),
      },
    },
    async (req) => {
      requireRole(req.viewer, "admin");
      const { version, ...b } = req.body;
      await updatePipeline(app.db, req.viewer, req.params.id, version, b, app.now());
      return getPipeline(app.db, req.params.id);
    },
  );

  app.patch("/stages/:id", { schema: { tags: ["pipelines"], params: Id, body: StagePatch } }, async (req) => {
    requireRole(req.viewer, "admin");
    return getPipeline(app.db, await updateStage(app.db, req.viewer, req.params.id, req.body, app.now()));
  });

  for (const [table, path] of [
    ["stage_criteria", "criteria"],
    ["stage_actions", "actions"],
  ] as const) {
    app.post(`/stages/:id/${path}`, { schema: { tags: ["pipelines"], params: Id, body: Text } }, async (req, reply) => {
      requireRole(req.viewer, "admin");
      const pipelineId = await addStageItem(app.db, req.viewer, table, req.params.id, req.body, app.now());
      return reply.code(201).send(await getPipeline(app.db, pipelineId));
    });
    app.patch(`/${path}/:id`, { schema: { tags: ["pipelines"], params: Id, body: Text.partial() } }, async (req) => {
      requireRole(req.viewer, "admin");
      return getPipeline(app.db, await updateStageItem(app.db, req.viewer, table, path, req.params.id, req.body, app.now()));
    });
    app.delete(`/${path}/:id`, { schema: { tags: ["pipelines"], params: Id } }, async (req) => {
      requireRole(req.viewer, "admin");
      return getPipeline(app.db, await deleteStageItem(app.db, req.viewer, table, path, req.params.id, app.now()));
    });
  }

  app.get("/lost-reasons", { schema: { tags: ["pipelines"] } }, async () => ({ items: await listLostReasons(app.db) }));
  app.post(
    "/lost-reasons",
    {
      schema: { tags: ["pipelines"], body: z.object({ key: z.string().regex(/^[a-z0-9_]{2,40}$/), nameZh: z.string().min(1), nameEn: z.string().min(1) }) },
    },
    async (req, reply) => {
      requireRole(req.viewer, "admin");
      const id = await createLostReason(app.db, req.viewer, req.body, app.now());
      return reply.code(201).send({ id, ...req.body, active: true });
    },
  );
  app.patch(
    "/lost-reasons/:id",
    {
      schema: {
        tags: ["pipelines"],
        params: Id,
        body: z.object({ nameZh: z.string().min(1).optional(), nameEn: z.string().min(1).optional(), active: z.boolean().optional() }),
      },
    },
    async (req) => {
      requireRole(req.viewer, "admin");
      await updateLostReason(app.db, req.viewer, req.params.id, req.body, app.now());
      return { ok: true };
    },
  );
}
