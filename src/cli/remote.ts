/**
 * The CLI against a remote Jindou: `--server https://crm.example.com --token jd_…` (or JINDOU_SERVER and
 * JINDOU_TOKEN) sends imports and exports through the REST API with a bearer token instead of opening a database.
 */
import { createReadStream, createWriteStream, statSync } from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";

export interface Remote {
  server: string;
  token: string;
}

/** The remote target from options or environment, or null to work on a local database. */
export function remoteFrom(opts: { server?: string; token?: string }): Remote | null {
  const server = opts.server ?? process.env.JINDOU_SERVER;
  if (!server) return null;
  const token = opts.token ?? process.env.JINDOU_TOKEN;
  if (!token) throw new Error("--server needs --token (or JINDOU_TOKEN): create one with `jindou token create --email …` on the server");
  return { server: server.replace(/\/+$/, ""), token };
}

async function call(r: Remote, method: string, url: string, init: RequestInit = {}): Promise<Response> {
  const res = await fetch(`${r.server}/api/v1${url}`, {
    ...init,
    method,
    headers: { authorization: `Bearer ${r.token}`, ...(init.headers as Record<string, string> | undefined) },
  });
  if (!res.ok) {
    let message = `${res.status} ${res.statusText}`;
    try {
      const j = (await res.json()) as { error?: { message?: string; field?: string } };
      if (j.error?.message) message = `${res.status}: ${j.error.message}`;
    } catch {
      /* not JSON */
    }
    throw new Error(`server refused ${method} ${url}: ${message}`);
  }
  return res;
}

export interface RemoteRun {
  id: number;
  status: string;
  total: number;
  processed: number;
  inserted: number;
  updated: number;
  unchanged: number;
  errors: Array<{ row: number; column: string | null; reason: string }>;
  errorCount: number;
  warnings: Array<{ row: number; column: string | null; reason: string }>;
}

/** Uploads the file, follows the run's progress on stderr and returns the finished run with its error report. */
export async function remoteImport(
  r: Remote,
  kind: string,
  file: string,
  q: Record<string, string | undefined>,
  map: object | undefined,
  onProgress: (run: RemoteRun) => void,
): Promise<RemoteRun> {
  const xlsx = /\.xlsx$/i.test(file) || q.format === "xlsx";
  const params = new URLSearchParams(Object.entries({ ...q, fileName: path.basename(file) }).filter((e): e is [string, string] => e[1] !== undefined));
  const headers: Record<string, string> = {
    "content-type": xlsx ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "text/csv",
    "content-length": String(statSync(file).size),
  };
  if (map) headers["x-import-map"] = encodeURIComponent(JSON.stringify(map));
  const res = await call(r, "POST", `/import/${kind}?${params}`, {
    headers,
    body: Readable.toWeb(createReadStream(file)) as unknown as BodyInit,
    duplex: "half",
  } as RequestInit);
  const { runId } = (await res.json()) as { runId: number };
  for (;;) {
    const run = (await (await call(r, "GET", `/import/runs/${runId}`)).json()) as RemoteRun;
    onProgress(run);
    if (run.status !== "running") return run;
    await new Promise((ok) => setTimeout(ok, 500));
  }
}

/** Streams GET /export/:kind to a file or stdout. */
export async function remoteExport(r: Remote, kind: string, query: Record<string, string | number | undefined>, out?: string): Promise<void> {
  const params = new URLSearchParams(
    Object.entries(query)
      .filter((e) => e[1] !== undefined)
      .map(([k, v]) => [k, String(v)]),
  );
  const res = await call(r, "GET", `/export/${kind}?${params}`);
  await pipeline(Readable.fromWeb(res.body as never), out ? createWriteStream(out) : process.stdout);
}
