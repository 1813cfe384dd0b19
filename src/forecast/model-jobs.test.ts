/** The win model's scheduled jobs: the nightly retrain, the hourly scoring of new and changed deals, and scoring on the opportunity page (issue 13, item 8). */
import { expect, test } from "vitest";
import { generateDemo } from "../demo/generate";
import { forEachApp } from "../http/testing";
import { runOnce } from "../jobs/lock";
import { jobs } from "../jobs/registry";
import { winModelRetrainJob, winModelScoreJob } from "./job";

forEachApp("win model jobs", (t) => {
  const ctx = (now = t().clock.now) => ({ db: t().db, config: t().app.config, now });
  const run = (job: typeof winModelRetrainJob, now = t().clock.now) =>
    runOnce(
      t().db,
      job.name,
      job.runKey(ctx(now)),
      "test",
      () => now,
      () => job.run(ctx(now)),
    );
  const openWithout = async () =>
    Number(
      (
        await t()
          .db.selectFrom("opportunities as o")
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .where("o.status", "=", "open")
          .where(({ not, exists, selectFrom }) =>
            not(exists(selectFrom("win_predictions as p").select("p.opportunity_id").whereRef("p.opportunity_id", "=", "o.id"))),
          )
          .executeTakeFirstOrThrow()
      ).n,
    );
  const prediction = (id: number) => t().db.selectFrom("win_predictions").selectAll().where("opportunity_id", "=", id).executeTakeFirst();
  let pipelineId = 0,
    customerId = 0;
  const newDeal = async (title: string) =>
    (await t().call("admin", "POST", "/api/v1/opportunities", { customerId, pipelineId, title, amountFen: 5_000_000 })).body.id as number;

  test("both jobs are registered with the scheduler", () => {
    expect(jobs.map((j) => j.name)).toEqual(expect.arrayContaining(["win-model-retrain", "win-model-score-new"]));
  });

  test("without enough closed deals the retrain says why and trains nothing", async () => {
    const out = await run(winModelRetrainJob);
    expect(out).toMatchObject({ ran: true, result: { skipped: expect.stringMatching(/needs 20 won and 20 lost deals \(has 0 and 0\)/) } });
    expect(await t().db.selectFrom("win_models").select("id").execute()).toEqual([]);
  });

  test("the nightly retrain trains once per day and every open deal then has a prediction", async () => {
    await generateDemo(t().db, { scale: "tiny", seed: 11, now: t().clock.now });
    const day2 = t().clock.now + 86_400_000;
    const out = await run(winModelRetrainJob, day2);
    expect(out.ran).toBe(true);
    expect(await openWithout()).toBe(0);
    expect((await run(winModelRetrainJob, day2)).ran).toBe(false); // a second instance the same day skips
    const p = await t().db.selectFrom("pipelines").select("id").where("kind", "=", "deal").orderBy("id").executeTakeFirstOrThrow();
    const c = await t().db.selectFrom("customers").select("id").orderBy("id").executeTakeFirstOrThrow();
    pipelineId = p.id;
    customerId = c.id;
  }, 120_000);

  test("a deal created after the training gets a prediction from the hourly job", async () => {
    const id = await newDeal("新机会 hourly");
    expect(await prediction(id)).toBeUndefined();
    const out = await run(winModelScoreJob, t().clock.now + 3_600_000 * 30);
    expect(out).toMatchObject({ ran: true, result: 1 });
    expect(await openWithout()).toBe(0);
    const p = await prediction(id);
    expect(p!.probability).toBeGreaterThan(0);
    expect(p!.probability).toBeLessThan(1);
  });

  test("a deal changed since it was scored is scored again by the hourly job", async () => {
    const o = await t().db.selectFrom("opportunities").select(["id"]).where("status", "=", "open").orderBy("id").executeTakeFirstOrThrow();
    const later = t().clock.now + 3_600_000 * 40;
    await t()
      .db.updateTable("opportunities")
      .set({ updated_at: later - 1000 })
      .where("id", "=", o.id)
      .execute();
    expect(await run(winModelScoreJob, later)).toMatchObject({ ran: true, result: 1 });
    expect(Number((await prediction(o.id))!.scored_at)).toBe(later);
  });

  test("the opportunity page's request scores a new deal at once; a rep who may not see it gets nothing and scores nothing", async () => {
    const hidden = await newDeal("新机会 hidden");
    const other = await t().call("otherRep", "GET", `/api/v1/forecast/predictions?opportunity=${hidden}`);
    expect(other.status).toBe(200);
    expect(other.body.items).toEqual([]);
    expect(await prediction(hidden)).toBeUndefined();
    const r = await t().call("admin", "GET", `/api/v1/forecast/predictions?opportunity=${hidden}`);
    expect(r.body.items).toHaveLength(1);
    expect(r.body.items[0]).toMatchObject({ id: hidden, predicted_probability: expect.any(Number) });
    const m = await t().call("rep", "GET", "/api/v1/forecast/model");
    expect(m.body.evaluation).toMatchObject({ suspectedLeak: expect.any(Boolean), excludedFeatures: expect.any(Array) });
  });
});
