/** The server without its features: zod types, decorations (db, clock, config), security headers, cookies, errors, auth, the input layer. */
import fastifyCookie from "@fastify/cookie";
import Fastify from "fastify";
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from "fastify-type-provider-zod";
import { type Config, trustProxyOption } from "../config";
import { type DbHandle, openDb } from "../db/connect";
import { installAuth } from "./auth";
import { installErrorHandler } from "./errors";
import { clientErrorResponse, installInputGuard } from "./input-guard";
import { installSecurityHeaders } from "./security-headers";
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
    // Off unless TRUST_PROXY names the proxy in front: otherwise any client could pick its own address (and
    // escape the per-client sign-in throttle) with X-Forwarded-For.
    trustProxy: trustProxyOption(opts.config.TRUST_PROXY),
    // A request line Node cannot parse (raw UTF-8) still gets the documented error envelope.
    clientErrorHandler: (err, socket) => {
      if (socket.writable) socket.end(clientErrorResponse(err));
      else socket.destroy(err);
    },
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate("db", opts.handle.db);
  // Reports read a replica when REPORTS_DATABASE_URL names one (docs/scaling.md), else the main database.
  const reports = opts.config.REPORTS_DATABASE_URL ? openDb(opts.config.REPORTS_DATABASE_URL) : null;
  app.decorate("reportsDb", reports?.db ?? opts.handle.db);
  if (reports)
    app.addHook("onClose", async () => {
      await reports.close();
    });
  app.decorate("dbKind", opts.handle.kind);
  app.decorate("config", opts.config);
  app.decorate("now", opts.now ?? (() => Date.now()));

  installSecurityHeaders(app);
  await app.register(fastifyCookie);
  installErrorHandler(app);
  installAuth(app);
  installInputGuard(app);
  return app;
}
