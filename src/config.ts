/** Every setting Jindou reads from the environment, read once and validated. Documented in README.md. */
import path from "node:path";
import { z } from "zod";
import { ConfigError, databaseUrlProblem } from "./core/config-error";

export const configSchema = z.object({
  /** HTTP port */
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  /** folder for the embedded SQLite database and backups */
  DATA_DIR: z.string().default("data"),
  /** postgres://… to run on PostgreSQL; empty = SQLite file DATA_DIR/jindou.db (sensitive) */
  DATABASE_URL: z.string().optional(),
  /** postgres://… of a read replica (or a copy) for report queries; empty = reports read DATABASE_URL (sensitive) */
  REPORTS_DATABASE_URL: z.string().optional(),
  /** work_mem set locally in PostgreSQL report transactions, so large per-customer sorts do not spill to disk */
  REPORT_WORK_MEM: z
    .string()
    .regex(/^\d+(kB|MB|GB)$/, "like 64MB")
    .default("64MB"),
  /** time zone in which months, quarters and weeks are cut */
  TZ_ORG: z.string().default("Asia/Shanghai"),
  /** session lifetime in hours */
  SESSION_HOURS: z.coerce.number().positive().default(12),
  /** failed sign-ins per account from one client before each further try waits longer (1 s, 2 s, 4 s … 15 min) */
  LOGIN_MAX_FAILURES: z.coerce.number().int().positive().default(5),
  /** failed sign-ins from one client across all accounts within 15 minutes before that client is refused */
  LOGIN_MAX_FAILURES_PER_CLIENT: z.coerce.number().int().positive().default(100),
  /**
   * which proxies may set X-Forwarded-For: empty (default) = none, the client is the TCP peer; else a hop count
   * ("1") or comma-separated addresses/CIDRs ("127.0.0.1", "10.0.0.0/8", "loopback") of the proxy in front
   */
  TRUST_PROXY: z
    .string()
    .trim()
    .default("")
    .refine(
      (v) =>
        v === "" ||
        /^\d+$/.test(v) ||
        v.split(",").every((i) => /^[0-9a-fA-F.:]+(\/\d+)?$/.test(i.trim()) || ["loopback", "linklocal", "uniquelocal"].includes(i.trim())),
      "use empty (no proxy), a hop count such as 1, or the proxy's addresses such as 127.0.0.1 or 10.0.0.0/8",
    ),
  /** set to 1 behind HTTPS so cookies carry Secure */
  COOKIE_SECURE: z.enum(["0", "1"]).default("0"),
  /** run scheduled jobs (forecast snapshots, re-tiering) in this instance */
  JOBS: z.enum(["0", "1"]).default("1"),
  /** croner pattern (org time zone) of the weekly forecast snapshot; default Thursdays 18:00 */
  FORECAST_SNAPSHOT_CRON: z.string().default("0 18 * * 4"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export type Config = z.infer<typeof configSchema> & { databaseUrl: string };

/** TRUST_PROXY as Fastify's trustProxy option: false, "trust the n nearest hops", or a list of trusted addresses. */
export function trustProxyOption(value: string): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (!value) return false;
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    return hops === 0 ? false : (_address: string, hop: number) => hop < hops;
  }
  return value
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`configuration: ${issue.path.join(".")}: ${issue.message}`);
  }
  const c = parsed.data;
  const problem = c.DATABASE_URL ? databaseUrlProblem(c.DATABASE_URL) : null;
  if (problem) throw new ConfigError("DATABASE_URL", problem);
  return { ...c, databaseUrl: c.DATABASE_URL || path.join(c.DATA_DIR, "jindou.db") };
}
