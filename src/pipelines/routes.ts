/** Pipelines, stages, exit checklists, recommended actions and lost reasons: everyone reads, admins edit. */
import { z } from "zod";
import { audit } from "../audit/log";
import { AppError, conflict, notFound } from "../core/errors";
import { inTx } from "../db/tx";
import { requireRole } from "../access/viewer";
import type { App } from "../http/plugin";
import { installTemplate } from "./install";
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
    const viewer = req.viewer;
    requireRole(viewer, "admin");
    if (!TEMPLATES.some((t) => t.key === req.body.template)) throw new AppError("INVALID", `unknown template "${req.body.template}"`, "template");
    const key = req.body.key ?? req.body.template;
    if (await app.db.selectFrom("pipelines").select("id").where("key", "=", key).executeTakeFirst())
      throw new AppError("DUPLICATE", `a pipeline with key "${key}" exists; choose another key`, "key");
    const id = await installTemplate(app.db, req.body.template, app.now(), { key, nameZh: req.body.nameZh, nameEn: req.body.nameEn });
    await audit(app.db, viewer.id, "pipeline", id, "create", { template: req.body.template, key }, app.now());
    return reply.code(201).send(await getPipeline(app.db, id));
  });

  app.patch("/pipelines/:id", {
    schema: { tags: ["pipelines"], params: Id, body: z.object({
      version: z.number().int(), nameZh: z.string().trim().min(1).optional(), nameEn: z.string().trim().min(1).optional(),
      skipRule: z.enum(["strict", "warn"]).optional(), checklistRule: z.enum(["strict", "warn"]).optional(), archived: z.boolean().optional(),
    }) },
  }, async (req) => {
    const viewer = req.viewer;
    requireRole(viewer, "admin");
    const { version, ...b } = req.body;
    await inTx(app.db, async (tx) => {
      const cur = await tx.selectFrom("pipelines").selectAll().where("id", "=", req.params.id).executeTakeFirst();
      if (!cur) throw notFound("pipeline");
      const patch = {
        name_zh: b.nameZh, name_en: b.nameEn, skip_rule: b.skipRule, checklist_rule: b.checklistRule,
        archived: b.archived === undefined ? undefined : b.archived ? 1 : 0,
      };
      const r = await tx.updateTable("pipelines").set({ ...patch, version: cur.version + 1 }).where("id", "=", cur.id).where("version", "=", version).executeTakeFirst();
      if (Number(r.numUpdatedRows) === 0) throw conflict("pipeline", version, cur.version);
      await audit(tx, viewer.id, "pipeline", cur.id, "update", b, app.now());
    });
    return getPipeline(app.db, req.params.id);
  });

  app.patch("/stages/:id", { schema: { tags: ["pipelines"], params: Id, body: StagePatch } }, async (req) => {
    const viewer = req.viewer;
    requireRole(viewer, "admin");
    const b = req.body;
    const stage = await inTx(app.db, async (tx) => {
      const s = await tx.selectFrom("stages").selectAll().where("id", "=", req.params.id).executeTakeFirst();
      if (!s) throw notFound("stage");
      if (b.probability !== undefined && s.kind !== "open" && b.probability !== s.probability)
        throw new AppError("RULE", "Won stays at 100 % and Lost at 0 %", "probability");
      await tx.updateTable("stages").set({
        name_zh: b.nameZh, name_en: b.nameEn, probability: b.probability, definition_zh: b.definitionZh, definition_en: b.definitionEn,
        stall_days: b.stallDays, owner_role: b.ownerRole, target_conversion: b.targetConversion,
      }).where("id", "=", s.id).execute();
      await audit(tx, viewer.id, "stage", s.id, "update", b, app.now());
      return s;
    });
    return getPipeline(app.db, stage.pipeline_id);
  });

  for (const [table, path] of [["stage_criteria", "criteria"], ["stage_actions", "actions"]] as const) {
    app.post(`/stages/:id/${path}`, { schema: { tags: ["pipelines"], params: Id, body: Text } }, async (req, reply) => {
      const viewer = req.viewer;
      requireRole(viewer, "admin");
      const s = await app.db.selectFrom("stages").select(["id", "pipeline_id"]).where("id", "=", req.params.id).executeTakeFirst();
      if (!s) throw notFound("stage");
      await inTx(app.db, async (tx) => {
        const last = await tx.selectFrom(table).select((eb) => eb.fn.max("position").as("p")).where("stage_id", "=", s.id).executeTakeFirst();
        const { id } = await tx.insertInto(table).values({ stage_id: s.id, position: Number(last?.p ?? -1) + 1, text_zh: req.body.textZh, text_en: req.body.textEn })
          .returning("id").executeTakeFirstOrThrow();
        await audit(tx, viewer.id, table, id, "create", req.body, app.now());
      });
      return reply.code(201).send(await getPipeline(app.db, s.pipeline_id));
    });
    app.patch(`/${path}/:id`, { schema: { tags: ["pipelines"], params: Id, body: Text.partial() } }, async (req) => {
      const viewer = req.viewer;
      requireRole(viewer, "admin");
      const row = await app.db.selectFrom(table).select(["id", "stage_id"]).where("id", "=", req.params.id).executeTakeFirst();
      if (!row) throw notFound(path);
      await inTx(app.db, async (tx) => {
        await tx.updateTable(table).set({ text_zh: req.body.textZh, text_en: req.body.textEn }).where("id", "=", row.id).execute();
        await audit(tx, viewer.id, table, row.id, "update", req.body, app.now());
      });
      return getPipeline(app.db, await pipelineOfStage(row.stage_id));
    });
    app.delete(`/${path}/:id`, { schema: { tags: ["pipelines"], params: Id } }, async (req) => {
      const viewer = req.viewer;
      requireRole(viewer, "admin");
      const row = await app.db.selectFrom(table).selectAll().where("id", "=", req.params.id).executeTakeFirst();
      if (!row) throw notFound(path);
      await inTx(app.db, async (tx) => {
        await tx.deleteFrom(table).where("id", "=", row.id).execute();
        await audit(tx, viewer.id, table, row.id, "delete", { textZh: row.text_zh }, app.now());
      });
      return getPipeline(app.db, await pipelineOfStage(row.stage_id));
    });
  }

  const pipelineOfStage = async (stageId: number) =>
    (await app.db.selectFrom("stages").select("pipeline_id").where("id", "=", stageId).executeTakeFirstOrThrow()).pipeline_id;

  app.get("/lost-reasons", { schema: { tags: ["pipelines"] } }, async () => ({
    items: (await app.db.selectFrom("lost_reasons").selectAll().orderBy("position").execute())
      .map((r) => ({ id: r.id, key: r.key, nameZh: r.name_zh, nameEn: r.name_en, active: !!r.active })),
  }));
  app.post("/lost-reasons", {
    schema: { tags: ["pipelines"], body: z.object({ key: z.string().regex(/^[a-z0-9_]{2,40}$/), nameZh: z.string().min(1), nameEn: z.string().min(1) }) },
  }, async (req, reply) => {
    const viewer = req.viewer;
    requireRole(viewer, "admin");
    if (await app.db.selectFrom("lost_reasons").select("id").where("key", "=", req.body.key).executeTakeFirst())
      throw new AppError("DUPLICATE", `lost reason "${req.body.key}" exists`, "key");
    const n = await app.db.selectFrom("lost_reasons").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    const { id } = await app.db.insertInto("lost_reasons").values({ key: req.body.key, name_zh: req.body.nameZh, name_en: req.body.nameEn, active: 1, position: Number(n.n) })
      .returning("id").executeTakeFirstOrThrow();
    await audit(app.db, viewer.id, "lost_reason", id, "create", req.body, app.now());
    return reply.code(201).send({ id, ...req.body, active: true });
  });
  app.patch("/lost-reasons/:id", {
    schema: { tags: ["pipelines"], params: Id, body: z.object({ nameZh: z.string().min(1).optional(), nameEn: z.string().min(1).optional(), active: z.boolean().optional() }) },
  }, async (req) => {
    const viewer = req.viewer;
    requireRole(viewer, "admin");
    const r = await app.db.updateTable("lost_reasons")
      .set({ name_zh: req.body.nameZh, name_en: req.body.nameEn, active: req.body.active === undefined ? undefined : req.body.active ? 1 : 0 })
      .where("id", "=", req.params.id).executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) throw notFound("lost reason");
    await audit(app.db, viewer.id, "lost_reason", req.params.id, "update", req.body, app.now());
    return { ok: true };
  });
}
