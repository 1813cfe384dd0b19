/**
 * POST /import/:kind — the body is the file (CSV or XLSX); the run is recorded in import_runs and, unless
 * ?wait=1, answered at once with { runId } while it runs. GET /import/runs/:id polls progress and the error report.
 */
import { z } from "zod";
import { invalid, notFound } from "../core/errors";
import { isPostgres } from "../db/dialect";
import type { App } from "../http/plugin";
import { type ImportProgress, runImport } from "./engine";
import { IMPORT_KINDS, type ImportKind, parseKind } from "./kinds";
import { templateContext } from "./template-store";
import { templateWorkbook } from "./template-xlsx";
import { createRun, failRun, finishRun, getRun, listRuns, recordProgress } from "./runs-store";
import { nextStepForImport } from "../init/state-store";
import { errorsCsv } from "./error-file";
import { type ImportMapping, parseMapping } from "./mapping";
import { previewFile } from "./preview";
import { parseDelimiter, parseEncoding, rowsFromBuffer } from "./source";

const FILE_TYPES = [
  "text/csv",
  "text/plain",
  "text/tab-separated-values",
  "application/csv",
  "application/octet-stream",
  "application/vnd.ms-excel",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
];
const flag = z
  .enum(["0", "1", "true", "false"])
  .transform((v) => v === "1" || v === "true")
  .optional();
const Query = z.object({
  dryRun: flag,
  wait: flag,
  createCustomers: flag,
  header: flag,
  format: z.enum(["csv", "xlsx"]).optional(),
  batchSize: z.coerce.number().int().positive().optional(),
  delimiter: z.string().max(12).optional(),
  encoding: z.string().max(12).optional(),
  fileName: z.string().max(200).optional(),
});

function parseMapHeader(raw: string | string[] | undefined): Record<string, string> | ImportMapping | undefined {
  if (raw === undefined) return undefined;
  const text = Array.isArray(raw) ? raw[0] : raw;
  let v: unknown;
  // Header values are Latin-1 on the wire; clients send the JSON percent-encoded when it has Chinese in it.
  try {
    v = JSON.parse(/%[0-9a-f]{2}/i.test(text) ? decodeURIComponent(text) : text);
  } catch {
    throw invalid("x-import-map", 'x-import-map must be JSON, e.g. {"客户":"customer_external_id"}');
  }
  if (v && typeof v === "object" && !Array.isArray(v) && ("columns" in v || "set" in v || "values" in v)) {
    const m = parseMapping(JSON.stringify(v));
    if ("error" in m) throw invalid("x-import-map", `x-import-map: ${m.error}`);
    return m;
  }
  if (!v || typeof v !== "object" || Array.isArray(v) || Object.values(v).some((x) => typeof x !== "string"))
    throw invalid("x-import-map", "x-import-map must map header names to column names");
  return v as Record<string, string>;
}

export async function importRoutes(app: App): Promise<void> {
  await app.register(async (scope) => {
    scope.removeContentTypeParser("text/plain");
    scope.addContentTypeParser(FILE_TYPES, { parseAs: "buffer", bodyLimit: 50 * 1024 * 1024 }, (_req, body, done) => done(null, body));
    const api = scope as unknown as App;

    api.post(
      "/import/:kind",
      { schema: { tags: ["import-export"], params: z.object({ kind: z.enum(IMPORT_KINDS) }), querystring: Query } },
      async (req, reply) => {
        const viewer = req.viewer;
        const body = req.body;
        if (!Buffer.isBuffer(body) || body.length === 0) throw invalid("body", "send the file as the request body (Content-Type text/csv or the XLSX type)");
        const q = req.query;
        const map = parseMapHeader(req.headers["x-import-map"]);
        const kind = req.params.kind as ImportKind;
        let delimiter, encoding;
        try {
          delimiter = parseDelimiter(q.delimiter);
        } catch (e) {
          throw invalid("delimiter", (e as Error).message);
        }
        try {
          encoding = parseEncoding(q.encoding);
        } catch (e) {
          throw invalid("encoding", (e as Error).message);
        }
        const next = await nextStepForImport(app.db, kind);
        if (next) throw invalid("kind", next);
        const source = rowsFromBuffer(body, { format: q.format, delimiter, encoding });
        const now = app.now();
        const estimate = Math.max(0, (source.estimatedRows ?? 0) - (q.header === false ? 0 : 1));
        const runId = await createRun(app.db, { kind, fileName: q.fileName ?? null, createdBy: viewer.id, total: estimate, now });
        // While a batch is open, SQLite's single connection is busy: progress is written from PostgreSQL only, or between batches.
        const pg = isPostgres(app.db);
        let lastWrite = 0;
        const onProgress = async (p: ImportProgress) => {
          if (p.inTransaction && (!pg || Date.now() - lastWrite < 300)) return;
          lastWrite = Date.now();
          await recordProgress(app.db, runId, p);
        };
        const work = runImport(app.db, source.rows, {
          kind,
          tz: app.config.TZ_ORG,
          now,
          actor: { id: viewer.id, role: viewer.role, teamId: viewer.teamId, viewer },
          dryRun: q.dryRun,
          batchSize: q.batchSize,
          map,
          header: q.header,
          createCustomers: q.createCustomers,
          runId,
          onProgress,
        })
          .then((report) => finishRun(app.db, runId, report, app.now()))
          .catch(async (e) => {
            req.log.error({ err: e }, "import failed");
            await failRun(app.db, runId, e instanceof Error ? e.message : String(e), app.now()).catch((err) =>
              req.log.error({ err, runId, cause: e instanceof Error ? e.message : String(e) }, "could not mark the import run failed"),
            );
          });
        if (!q.wait) return reply.code(202).send({ runId });
        await work;
        return getRun(app.db, runId);
      },
    );

    api.post(
      "/import/preview/:kind",
      { schema: { tags: ["import-export"], params: z.object({ kind: z.enum(IMPORT_KINDS) }), querystring: Query } },
      async (req) => {
        const body = req.body;
        if (!Buffer.isBuffer(body) || body.length === 0) throw invalid("body", "send the file as the request body");
        let delimiter, encoding;
        try {
          delimiter = parseDelimiter(req.query.delimiter);
        } catch (e) {
          throw invalid("delimiter", (e as Error).message);
        }
        try {
          encoding = parseEncoding(req.query.encoding);
        } catch (e) {
          throw invalid("encoding", (e as Error).message);
        }
        try {
          return await previewFile(body, req.params.kind as ImportKind, { format: req.query.format, delimiter, encoding });
        } catch (e) {
          throw invalid("body", `cannot read the file: ${(e as Error).message}`);
        }
      },
    );

    api.get(
      "/import/templates/:file",
      { schema: { tags: ["import-export"], params: z.object({ file: z.string().regex(/^[a-z-]+\.xlsx$/) }) } },
      async (req, reply) => {
        const kind = parseKind(req.params.file.replace(/\.xlsx$/, ""));
        if (!kind) throw notFound("import template");
        const body = await templateWorkbook(kind, await templateContext(app.db));
        return reply
          .header("content-type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
          .header("content-disposition", `attachment; filename="jindou-${kind}-template.xlsx"`)
          .send(body);
      },
    );

    api.get(
      "/import/runs/:id/errors.csv",
      { schema: { tags: ["import-export"], params: z.object({ id: z.coerce.number().int().positive() }) } },
      async (req, reply) => {
        const viewer = req.viewer;
        const run = await getRun(app.db, req.params.id);
        if (!run || (viewer.role !== "admin" && run.createdBy !== viewer.id)) throw notFound("import run");
        return reply
          .header("content-type", "text/csv; charset=utf-8")
          .header("content-disposition", `attachment; filename="import-${run.id}-errors.csv"`)
          .send(errorsCsv(run.errors));
      },
    );

    api.get("/import/runs/:id", { schema: { tags: ["import-export"], params: z.object({ id: z.coerce.number().int().positive() }) } }, async (req) => {
      const viewer = req.viewer;
      const run = await getRun(app.db, req.params.id);
      if (!run || (viewer.role !== "admin" && run.createdBy !== viewer.id)) throw notFound("import run");
      return run;
    });

    api.get(
      "/import/runs",
      { schema: { tags: ["import-export"], querystring: z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) }) } },
      async (req) => {
        return { items: await listRuns(app.db, req.viewer, req.query.limit) };
      },
    );
  });
}
