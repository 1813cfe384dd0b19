/** Assembles the Fastify server: security headers, cookies, auth, OpenAPI, every feature's routes, the web app. */
import { existsSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import fastifyCookie from "@fastify/cookie";
import fastifyHelmet from "@fastify/helmet";
import fastifyStatic from "@fastify/static";
import fastifySwagger from "@fastify/swagger";
import fastifySwaggerUi from "@fastify/swagger-ui";
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyRequest, type RawServerDefault } from "fastify";
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from "fastify-type-provider-zod";
import type { Config } from "../config";
import { AppError } from "../core/errors";
import type { DbHandle, Db } from "../db/connect";
import type { DbKind } from "../db/dialect";
import type { Viewer } from "./access";
import { installAuth } from "./auth";
import { installErrorHandler } from "./errors";
import { features } from "./features";

export type App = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger, ZodTypeProvider>;

export interface AppOptions {
  handle: DbHandle;
  config: Config;
  /** the clock; tests pass a fixed one */
  now?: () => number;
  logger?: boolean;
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
  const app = Fastify({
    logger: opts.logger ? { level: opts.config.LOG_LEVEL } : false,
    bodyLimit: 50 * 1024 * 1024,
    trustProxy: true,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate("db", opts.handle.db);
  app.decorate("dbKind", opts.handle.kind);
  app.decorate("config", opts.config);
  app.decorate("now", opts.now ?? (() => Date.now()));

  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"], scriptSrc: ["'self'"], styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", "data:", "blob:"], connectSrc: ["'self'"], fontSrc: ["'self'", "data:"],
      },
    },
  });
  await app.register(fastifyCookie);
  installErrorHandler(app);
  installAuth(app);

  await app.register(fastifySwagger, {
    openapi: {
      info: { title: "Jindou 金豆 API", version: "1", description: "Sales funnel and key-account CRM. Errors: { error: { code, message, field? } }." },
      components: { securitySchemes: { bearer: { type: "http", scheme: "bearer" }, session: { type: "apiKey", in: "cookie", name: "jindou_session" } } },
      security: [{ bearer: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: "/api/docs" });

  await app.register(async (api) => {
    const typed = api.withTypeProvider<ZodTypeProvider>();
    typed.get("/health", { config: { public: true }, schema: { tags: ["system"] } }, async () => {
      await api.db.selectFrom("users").select("id").limit(1).execute();
      return { status: "ok", database: api.dbKind, time: new Date(api.now()).toISOString() };
    });
    for (const register of features) await register(typed);
  }, { prefix: "/api/v1" });

  const dist = opts.webDist ?? path.join(root, "web", "dist");
  if (existsSync(path.join(dist, "index.html"))) {
    // Hashed build files (/assets/*) never change: cached for a year. index.html (and the SPA fallback) is
    // revalidated every time, so a new build is picked up at once. The build writes .br/.gz beside each file.
    await app.register(fastifyStatic, {
      root: dist, wildcard: false, preCompressed: true, cacheControl: false,
      setHeaders: (res, file) => {
        res.header("cache-control", /^assets[\\/]/.test(path.relative(dist, path.resolve(dist, file))) ? "public, max-age=31536000, immutable" : "no-cache");
      },
    });
    app.get("/*", { schema: { hide: true } }, (req, reply) => {
      if (req.url.startsWith("/api/")) return reply.code(404).send({ error: { code: "NOT_FOUND", message: `no route ${req.method} ${req.url}` } });
      return reply.sendFile("index.html");
    });
  } else {
    app.get("/", { schema: { hide: true } }, async () => ({ name: "Jindou", api: "/api/v1", docs: "/api/docs", note: "web app not built: run npm run build" }));
  }
  return app;
}

/** The signed-in viewer of a route that is not public (auth has already answered 401 otherwise). */
export function viewerOf(req: FastifyRequest): Viewer {
  if (!req.viewer) throw new AppError("UNAUTHENTICATED", "sign in first");
  return req.viewer;
}

declare module "fastify" {
  interface FastifyInstance { db: Db; dbKind: DbKind; config: Config; now: () => number }
}
