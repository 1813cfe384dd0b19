/** Assembles the server: the base (base.ts), OpenAPI docs, every feature's routes under /api/v1, the built web app. */
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import fastifyStatic from "@fastify/static";
import fastifySwagger from "@fastify/swagger";
import fastifySwaggerUi from "@fastify/swagger-ui";
import { jsonSchemaTransform, type ZodTypeProvider } from "fastify-type-provider-zod";
import { type BaseOptions, buildBase } from "./base";
import { features } from "./features";
import type { App } from "./plugin";
import { installMoveFastPath } from "../opportunities/move-fast-routes";

export interface AppOptions extends BaseOptions {
  /** folder with the built web app (default web/dist) */
  webDist?: string;
}

/** The project folder: the nearest parent holding package.json (src/http from sources, dist/chunks when compiled). */
function projectRoot(from: string): string {
  let dir = from;
  while (!existsSync(path.join(dir, "package.json")) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}
const root = projectRoot(path.dirname(fileURLToPath(import.meta.url)));

export async function buildApp(opts: AppOptions): Promise<App> {
  const app = await buildBase(opts);
  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: "Jindou 金豆 API",
        version: "1",
        description: "Sales funnel and key-account CRM. Errors: { error: { code, message, field } } (field null when the error is not about one input).",
      },
      components: { securitySchemes: { bearer: { type: "http", scheme: "bearer" }, session: { type: "apiKey", in: "cookie", name: "jindou_session" } } },
      security: [{ bearer: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: "/api/docs" });

  await app.register(
    async (api) => {
      const typed = api.withTypeProvider<ZodTypeProvider>();
      typed.get("/health", { config: { public: true }, schema: { tags: ["system"] } }, async () => {
        await api.db.selectFrom("users").select("id").limit(1).execute();
        return { status: "ok", database: api.dbKind, time: new Date(api.now()).toISOString() };
      });
      for (const register of features) await register(typed);
    },
    { prefix: "/api/v1" },
  );
  // The stage move answered in front of Fastify's lifecycle, with the route's own steps (src/opportunities/move-fast-routes.ts).
  if (app.hasRoute({ method: "POST", url: "/api/v1/opportunities/:id/transition" })) installMoveFastPath(app);

  const dist = opts.webDist ?? path.join(root, "web", "dist");
  if (existsSync(path.join(dist, "index.html"))) {
    // Hashed build files (/assets/*) never change: cached for a year. index.html (and the SPA fallback) is
    // revalidated every time, so a new build is picked up at once. The build writes .br/.gz beside each file.
    await app.register(fastifyStatic, {
      root: dist,
      wildcard: false,
      preCompressed: true,
      cacheControl: false,
      setHeaders: (res, file) => {
        res.header("cache-control", /^assets[\\/]/.test(path.relative(dist, path.resolve(dist, file))) ? "public, max-age=31536000, immutable" : "no-cache");
      },
    });
    app.get("/*", { schema: { hide: true } }, (req, reply) => {
      if (req.url.startsWith("/api/")) return reply.code(404).send({ error: { code: "NOT_FOUND", message: `no route ${req.method} ${req.url}`, field: null } });
      return reply.sendFile("index.html");
    });
  } else {
    app.get("/", { schema: { hide: true } }, async () => ({ name: "Jindou", api: "/api/v1", docs: "/api/docs", note: "web app not built: run npm run build" }));
  }
  return app;
}
