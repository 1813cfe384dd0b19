/** What a feature's routes plugin sees: the App type, the server's decorations (db, clock, config) and req.viewer. */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { FastifyBaseLogger, FastifyInstance, RawServerDefault } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import type { Viewer } from "../access/viewer";
import type { Config } from "../config";
import type { Db } from "../db/connect";
import type { DbKind } from "../db/dialect";

export type App = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger, ZodTypeProvider>;

/** A feature's routes: mounted under /api/v1 by the server (features.ts), or alone by a test (testing.ts). */
export type RoutesPlugin = (app: App) => Promise<void>;

declare module "fastify" {
  interface FastifyInstance {
    db: Db;
    dbKind: DbKind;
    config: Config;
    now: () => number;
    /** where report queries go: the read replica of REPORTS_DATABASE_URL, else `db` (never written to) */
    reportsDb: Db;
  }
  interface FastifyRequest {
    /** The signed-in viewer. Only public routes can run without one; reading it there throws UNAUTHENTICATED. */
    readonly viewer: Viewer;
    /** Who signed in, or null (set by auth.ts before validation). */
    signedIn: Viewer | null;
    viaToken?: boolean;
    csrfToken?: string;
  }
  interface FastifyContextConfig {
    public?: boolean;
  }
}
