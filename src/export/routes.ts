/** GET /export/:kind?format=csv|xlsx&owner&team&pipeline&source&status — a streamed file of what the viewer may see. */
import { z } from "zod";
import { localDate } from "../core/dates";
import { requireRole } from "../access/viewer";
import type { App } from "../http/plugin";
import { CommonFilters } from "../access/filters";
import { IMPORT_KINDS } from "../import/kinds";
import { exportPages } from "./queries";
import { CONTENT_TYPE, exportFileName, exportStream } from "./write";
import { customHeaders, exportCustom } from "./custom-store";

const Params = z.object({ kind: z.enum(IMPORT_KINDS) });
const Query = CommonFilters.extend({ format: z.enum(["csv", "xlsx"]).default("csv"), status: z.enum(["open", "won", "lost"]).optional() });

export async function exportRoutes(app: App): Promise<void> {
  app.get("/export/:kind", { schema: { tags: ["import-export"], params: Params, querystring: Query } }, async (req, reply) => {
    const viewer = req.viewer;
    const { format, ...filters } = req.query;
    const { kind } = req.params;
    if (kind === "users") requireRole(viewer, "admin");
    const stream = exportStream(kind, format, exportPages(app.db, viewer, kind, filters, app.config.TZ_ORG), customHeaders(await exportCustom(app.db, kind)));
    const name = exportFileName(kind, format, localDate(app.now(), app.config.TZ_ORG));
    return reply.header("content-type", CONTENT_TYPE[format]).header("content-disposition", `attachment; filename="${name}"`).send(stream);
  });
}
