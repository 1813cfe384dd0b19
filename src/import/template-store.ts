/** What an import template lists as allowed values: the configured stages, pipelines, sources and lost reasons. */
import type { Db } from "../db/connect";
import { SOURCES } from "../funnel/sources";
import type { TemplateContext } from "./template-xlsx";

export async function templateContext(db: Db): Promise<TemplateContext> {
  const pipelines = await db
    .selectFrom("pipelines")
    .select(["id", "key", "name_zh"])
    .where("kind", "=", "deal")
    .where("archived", "=", 0)
    .orderBy("id")
    .execute();
  const stages = await db
    .selectFrom("stages as s")
    .innerJoin("pipelines as p", "p.id", "s.pipeline_id")
    .select(["p.key as pkey", "s.key", "s.name_zh", "s.name_en"])
    .where("p.kind", "=", "deal")
    .where("p.archived", "=", 0)
    .where("s.archived_at", "is", null)
    .orderBy("p.id")
    .orderBy("s.position")
    .execute();
  const reasons = await db.selectFrom("lost_reasons").select(["key", "name_zh", "name_en"]).where("active", "=", 1).orderBy("position").execute();
  return {
    pipelines: pipelines.map((p) => `${p.key} ${p.name_zh}`),
    stages: stages.map((s) => `${s.pkey}: ${s.key} ${s.name_zh} / ${s.name_en}`),
    sources: SOURCES.map((s) => `${s.key} ${s.nameZh} / ${s.nameEn}`),
    lostReasons: reasons.map((r) => `${r.key} ${r.name_zh} / ${r.name_en}`),
  };
}
