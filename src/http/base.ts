/** The server without its features: zod types, decorations (db, clock, config), security headers, cookies, errors, auth. */
import fastifyCookie from "@fastify/cookie";
import fastifyHelmet from "@fastify/helmet";
import Fastify from "fastify";
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from "fastify-type-provider-zod";
import type { Config } from "../config";
import type { DbHandle } from "../db/connect";
import { installAuth } from "./auth";
import { installErrorHandler } from "./errors";
import type { App } from "./plugin";

export interface BaseOptions {
  handle: DbHandle;
  config: Config;
  /** the clock; tests pass a fixed one */
  now?: () => number;
  logger?: boolean;
}

/** A Fastify instance every routes plugin can be registered on (the server does; so does a test mounting one feature). */
export async function buildBase(opts: BaseOptions): Promise<App> {
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
  return app;
}
