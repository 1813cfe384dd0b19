/**
 * The first-run page's API: GET /setup says whether the database still needs its first admin (and offers the
 * templates, time zones and currencies); POST /setup creates admin, organisation and pipeline and signs in. Both
 * are public, and POST is refused once any user exists.
 */
import { z } from "zod";
import { CURRENCIES } from "../core/money";
import type { App } from "../http/plugin";
import { TEMPLATES } from "../pipelines/templates";
import { loadOrg } from "./org-store";
import { runSetup } from "./setup-store";
import { setupState } from "./state-store";

const Setup = z.object({
  orgName: z.string().trim().min(1).max(200),
  timeZone: z.string().min(1).max(60),
  currency: z.string().min(3).max(3),
  email: z.string().trim().min(3).max(200),
  name: z.string().trim().min(1).max(200),
  password: z.string().min(8).max(200),
  template: z.string().max(40).optional(),
  stages: z.array(z.string().trim().min(1).max(60)).max(20).optional(),
  pipelineName: z.string().max(200).optional(),
});

export async function setupRoutes(app: App): Promise<void> {
  app.get("/setup", { config: { public: true }, schema: { tags: ["system"] } }, async () => {
    const s = await setupState(app.db);
    const org = await loadOrg(app.db);
    return {
      needsSetup: s.users === 0,
      org: org ? { name: org.name, currency: org.currency, timeZone: org.timeZone } : null,
      templates: TEMPLATES.filter((t) => t.kind === "deal").map((t) => ({
        key: t.key,
        nameZh: t.name.zh,
        nameEn: t.name.en,
        stages: t.stages.map((x) => ({ key: x.key, nameZh: x.name.zh, nameEn: x.name.en })),
      })),
      currencies: CURRENCIES.map((c) => c.code),
      timeZone: app.config.TZ_ORG,
    };
  });

  app.post("/setup", { config: { public: true }, schema: { tags: ["system"], body: Setup } }, async (req) => {
    const b = req.body;
    const r = await runSetup(
      app.db,
      {
        orgName: b.orgName,
        timeZone: b.timeZone,
        currency: b.currency.toUpperCase(),
        admin: { email: b.email, name: b.name, password: b.password },
        pipeline: b.stages?.length ? { stages: b.stages, name: b.pipelineName } : { template: b.template ?? "crm5" },
      },
      app.now(),
    );
    return { adminId: r.adminId, pipeline: r.pipelineKey, email: b.email.trim().toLowerCase() };
  });
}
