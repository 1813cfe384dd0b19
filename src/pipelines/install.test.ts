/** Installing the shipped templates on both databases. */
import { expect, test } from "vitest";
import { forEachDatabase } from "../db/testing";
import { installDefaults, installTemplate } from "./install";

const NOW = Date.UTC(2026, 0, 15);

forEachDatabase("installDefaults", (getDb) => {
  test("creates the six template pipelines and the lost reasons", async () => {
    const { db } = getDb();
    const created = await installDefaults(db, NOW);
    expect(created).toEqual(["crm5", "probability", "project7", "solution", "lifecycle", "retail"]);
    const pipelines = await db.selectFrom("pipelines").select(["key", "kind"]).orderBy("id").execute();
    expect(pipelines).toHaveLength(6);
    expect(pipelines.find((p) => p.key === "lifecycle")?.kind).toBe("customer");
    const reasons = await db.selectFrom("lost_reasons").select("key").orderBy("position").execute();
    expect(reasons.map((r) => r.key)).toEqual(["competitor", "budget", "no_decision", "timing", "price", "product_fit", "relationship", "other"]);
  });

  test("the probability funnel has the seed's probabilities and checklist sizes", async () => {
    const { db } = getDb();
    const stages = await db
      .selectFrom("stages as s")
      .innerJoin("pipelines as p", "p.id", "s.pipeline_id")
      .where("p.key", "=", "probability")
      .select(["s.id", "s.key", "s.probability", "s.kind", "s.name_zh", "s.definition_zh"])
      .orderBy("s.position")
      .execute();
    expect(stages.map((s) => s.probability)).toEqual([10, 25, 50, 75, 90, 100, 0]);
    expect(stages.map((s) => s.kind)).toEqual(["open", "open", "open", "open", "open", "won", "lost"]);
    expect(stages[0].name_zh).toBe("目标客户");
    expect(stages[5].definition_zh).toBe("合同签订,收到预付款");
    const counts = [];
    for (const s of stages.slice(0, 5)) counts.push((await db.selectFrom("stage_criteria").where("stage_id", "=", s.id).select("id").execute()).length);
    expect(counts).toEqual([4, 2, 3, 7, 5]);
  });

  test("every deal pipeline ends with Won and Lost, and its stages carry actions", async () => {
    const { db } = getDb();
    const rows = await db
      .selectFrom("stages as s")
      .innerJoin("pipelines as p", "p.id", "s.pipeline_id")
      .select(["p.key as pipeline", "p.kind as pkind", "s.kind", "s.id"])
      .orderBy("p.id")
      .orderBy("s.position")
      .execute();
    for (const key of ["crm5", "probability", "project7", "solution", "retail"]) {
      const kinds = rows.filter((r) => r.pipeline === key).map((r) => r.kind);
      expect(kinds.slice(-2)).toEqual(["won", "lost"]);
      expect(kinds.slice(0, -2).every((k) => k === "open")).toBe(true);
    }
    const actions = await db.selectFrom("stage_actions").select("stage_id").execute();
    expect(new Set(actions.map((a) => a.stage_id)).size).toBe(rows.length);
  });

  test("running installDefaults twice changes nothing", async () => {
    const { db } = getDb();
    const count = async () =>
      Promise.all(
        (["pipelines", "stages", "stage_criteria", "stage_actions", "lost_reasons"] as const).map(
          async (t) =>
            (
              await db
                .selectFrom(t)
                .select((eb) => eb.fn.countAll<number>().as("n"))
                .executeTakeFirstOrThrow()
            ).n,
        ),
      );
    const before = await count();
    expect(await installDefaults(db, NOW + 1)).toEqual([]);
    expect(await count()).toEqual(before);
  });

  test("a template can be installed again under another key", async () => {
    const { db } = getDb();
    const id = await installTemplate(db, "crm5", NOW, { key: "crm5_export", nameEn: "Export sales" });
    const p = await db.selectFrom("pipelines").where("id", "=", id).selectAll().executeTakeFirstOrThrow();
    expect([p.key, p.name_en, p.template]).toEqual(["crm5_export", "Export sales", "crm5"]);
    await expect(installTemplate(db, "nope", NOW)).rejects.toThrow(/unknown/);
  });
});
