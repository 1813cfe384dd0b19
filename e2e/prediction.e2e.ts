/**
 * The win-prediction panel of the opportunity page in zh-CN, on demo data with a model trained through the API: the
 * predicted probability, the hold-out AUC beside the stage's, the suspected-leak note when the model says so, the features
 * left out, and the factors, each against GET /forecast/predictions?opportunity=:id and GET /forecast/model.
 */
import { describe, expect, inject, test } from "vitest";
import { ensureWebBuild, launchBrowser, login, newPage, shot, startServer, type Server } from "./harness";
import { settle } from "./walk";
import { latinWords } from "./latin";
import { afterAll, beforeAll } from "vitest";
import type { Browser } from "playwright-core";

interface Model {
  evaluation: { model: { auc: number | null }; stage: { auc: number | null }; suspectedLeak: boolean; excludedFeatures: Array<{ name: string }> };
}

describe.skipIf(!inject("browserAvailable"))("win-prediction panel", () => {
  const env = {} as { server: Server; browser: Browser };
  beforeAll(async () => {
    ensureWebBuild();
    [env.server, env.browser] = await Promise.all([startServer({ demo: "tiny" }), launchBrowser()]);
  });
  afterAll(async () => {
    await env.browser?.close();
    await env.server?.close();
  });

  test("shows the API's prediction, AUC, leak note and left-out features, all in Chinese", async () => {
    const s = env.server;
    await s.api("admin", "POST", "/forecast/model/train");
    const model = await s.api<Model>("admin", "GET", "/forecast/model");
    const open = await s.api<{ items: Array<{ id: number }> }>("admin", "GET", "/opportunities?status=open&limit=1&sort=-amount");
    const id = open.items[0].id;
    const pred = (
      await s.api<{ items: Array<{ predicted_probability: number; factors: Array<{ name: string }> }> }>(
        "admin",
        "GET",
        `/forecast/predictions?opportunity=${id}`,
      )
    ).items[0];
    expect(pred).toBeDefined();

    const { context, page } = await newPage(env.browser);
    await login(page, s.url, "admin", `/opportunities/${id}`);
    const panel = page.getByTestId("prediction");
    await panel.getByTestId("model-quality").filter({ hasText: "AUC" }).waitFor();
    await settle(page);
    const text = await panel.innerText();
    expect(await panel.getByTestId("predicted").innerText()).toContain(`${Math.round(pred.predicted_probability * 100)}%`);
    const auc = (x: number | null) => (x == null ? "—" : x.toFixed(2));
    expect(await panel.getByTestId("model-quality").innerText()).toBe(
      `模型留出集 AUC ${auc(model.evaluation.model.auc)}(阶段概率 ${auc(model.evaluation.stage.auc)})`,
    );
    expect(await panel.getByTestId("model-leak").count()).toBe(model.evaluation.suspectedLeak ? 1 : 0);
    if (model.evaluation.excludedFeatures.length) expect(await panel.getByTestId("model-excluded").count()).toBe(1);
    // one factor row per factor of the API, none with an English word (feature names are labelled)
    expect(await panel.locator("[data-testid=factor]").count()).toBe(pred.factors.length);
    expect(latinWords(text)).toEqual([]);
    await shot(page, "opportunity-prediction");
    await context.close();
  }, 300_000);
});
