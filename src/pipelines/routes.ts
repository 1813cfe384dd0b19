/** Pipelines, stages, exit checklists, recommended actions and lost reasons: everyone reads, admins edit. */
import { z } from "zod";
import { requireRole } from "../access/viewer";
import { AppError } from "../core/errors";
import type { App } from "../http/plugin";
import {
  addStageItem, createLostReason, createPipeline, deleteStageItem, listLostReasons, updateLostReason, updatePipeline, updateStage, updateStageItem,
} from "./admin-store";
import { getPipeline, listPipelines } from "./store";
import { TEMPLATES } from "./templates";

const Id = z.object({ id: z.coerce.number().int().positive() });
const Text = z.object({ textZh: z.string().trim().min(1).max(500), textEn: z.string().trim().min(1).max(500) });
const StagePatch = z.object({
  nameZh: z.string().trim().min(1).max(100).optional(), nameEn: z.string().trim().min(1).max(100).optional(),
  probability: z.number().int().min(0).max(100).optional(),
  definitionZh: z.string().max(2000).nullable().optional(), definitionEn: z.string().max(2000).nullable().optional(),
  stallDays: z.number().int().min(1).max(3650).nullable().optional(), ownerRole: z.string().max(50).nullable().optional(),
  targetConversion: z.number().min(0).max(1).nullable().optional(),
});

export async function pipelineRoutes(app: App): Promise<void> {
  app.get("/pipelines", { schema: { tags: ["pipelines"] } }, async () => ({ items: await listPipelines(app.db) }));
  app.get("/pipelines/templates", { schema: { tags: ["pipelines"] } }, async () => ({
    items: TEMPLATES.map((t) => ({ key: t.key, nameZh: t.name.zh, nameEn: t.name.en, kind: t.kind, stageCount: t.stages.length })),
  }));
  app.get("/pipelines/:id", { schema: { tags: ["pipelines"], params: Id } }, async (req) => getPipeline(app.db, req.params.id));

  app.post("/pipelines", {
    schema: { tags: ["pipelines"], body: z.object({ template: z.string(), key: z.string().regex(/^[a-z0-9_-]{2,40}$/).optional(), nameZh: z.string().min(1).optional(), nameEn: z.string().min(1).optional() }) },
  }, async (req, reply) => {
    requireRole(req.viewer, "admin");
    if (!TEMPLATES.some((t) => t.key === req.body.template)) throw new AppError("INVALID", `unknown template "${req.body.template}"`, "template");
    const id = await createPipeline(app.db, req.viewer, { ...req.body, key: req.body.key ?? req.body.template }, app.now());
    return reply.code(201).send(await getPipeline(app.db, id));
  });

  app.patch("/pipelines/:id", {
    schema: { tags: ["pipelines"], params: Id, body: z.object({
      version: z.number().int(), nameZh: z.string().trim().min(1).optional(), nameEn: z.string().trim().min(1).optional(),
      skipRule: z.enum(["strict", "warn"]).optional(), checklistRule: z.enum(["strict", "warn"]).optional(), archived: z.boolean().optional(),
    }) },
  }, async (req) => {
    requireRole(req.viewer, "admin");
    const { version, ...b } = req.body;
    await updatePipeline(app.db, req.viewer, req.params.id, version, b, app.now());
    return getPipeline(app.db, req.params.id);
  });

  app.patch("/stages/:id", { schema: { tags: ["pipelines"], params: Id, body: StagePatch } }, async (req) => {
    requireRole(req.viewer, "admin");
    return getPipeline(app.db, await updateStage(app.db, req.viewer, req.params.id, req.body, app.now()));
  });

  for (const [table, path] of [["stage_criteria", "criteria"], ["stage_actions", "actions"]] as const) {
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
  app.post("/lost-reasons", {
    schema: { tags: ["pipelines"], body: z.object({ key: z.string().regex(/^[a-z0-9_]{2,40}$/), nameZh: z.string().min(1), nameEn: z.string().min(1) }) },
  }, async (req, reply) => {
    requireRole(req.viewer, "admin");
    const id = await createLostReason(app.db, req.viewer, req.body, app.now());
    return reply.code(201).send({ id, ...req.body, active: true });
  });
  app.patch("/lost-reasons/:id", {
    schema: { tags: ["pipelines"], params: Id, body: z.object({ nameZh: z.string().min(1).optional(), nameEn: z.string().min(1).optional(), active: z.boolean().optional() }) },
  }, async (req) => {
    requireRole(req.viewer, "admin");
    await updateLostReason(app.db, req.viewer, req.params.id, req.body, app.now());
    return { ok: true };
  });
}
