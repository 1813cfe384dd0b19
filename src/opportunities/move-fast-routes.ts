/**
 * The stage move's fast path: `POST /api/v1/opportunities/:id/transition` answered at the node:http level, in front of
 * Fastify's request lifecycle, for the common request (a JSON body of at most 64 KiB, no query string). It runs the
 * same steps as the route, with the same functions: the sign-in lookup (bearer token or session cookie, one lookup per
 * request, nothing cached: a revoked token is refused at once) and its refusals (read-only token, CSRF), the input
 * layer's control-character check, the route's zod schemas, then transition() — the gate, the access rule, the version
 * check, the one-statement write with its event, visits, read models and audit row — and the same JSON answer with
 * the same security headers.
 *
 * Every other outcome is Fastify's: a request this path does not take (another route or method, another content type,
 * a chunked or large body, `__proto__` in the body) goes to Fastify untouched; a request refused before the move (not
 * signed in, read-only token, bad CSRF token, bad JSON, a control character, a body the schema refuses) is replayed
 * through Fastify (app.inject, nothing has been written) and Fastify's answer is sent, so those answers stay exactly
 * the route's. A rule's refusal from transition() (404, 409, 422) gets the error handler's own envelope (ruleErrorAnswer).
 *
 * Why: under 50 clients a move through Fastify's lifecycle, hooks, validation and serialisation cost ~1.6-1.9x the CPU
 * of the bare reference (docs/benchmarks.md); this path skips the framework's per-request machinery, not a rule.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { badTextPath } from "../http/input-guard";
import { type Credentials, refusal, resolveViewer } from "../http/auth";
import { INTERNAL_ERROR, ruleErrorAnswer } from "../http/errors";
import type { App } from "../http/plugin";
import { securityHeaderList } from "../http/security-headers";
import { Id, TransitionBody } from "./routes";
import { transition } from "./transition";

const PATH = /^\/api\/v1\/opportunities\/([0-9]{1,15})\/transition$/;
const JSON_TYPE = /^application\/json(;\s*charset=utf-8)?$/i;
const MAX_BODY = 64 * 1024;
/** Headers of Fastify's answer that the connection (not the answer) owns: Node sets them on the real response. */
const CONNECTION_HEADERS = new Set(["date", "connection", "keep-alive", "transfer-encoding"]);

/** Requests this process's fast paths answered themselves, and those they replayed through Fastify (tests read them). */
export const fastPathCounts = { answered: 0, replayed: 0 };

/** The handler to put in front of Fastify's: true when it took the request. */
export type FastPath = (req: IncomingMessage, res: ServerResponse) => boolean;

export function moveFastPath(app: App): FastPath {
  const security = securityHeaderList();
  const send = (res: ServerResponse, status: number, body: unknown) => {
    const s = JSON.stringify(body);
    for (let i = 0; i < security.length; i++) res.setHeader(security[i][0], security[i][1]);
    res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(s) }).end(s);
  };
  /** Fastify's own answer to the request (nothing written yet): its lifecycle decides, as if this path did not exist. */
  const replay = async (req: IncomingMessage, res: ServerResponse, payload: Buffer) => {
    fastPathCounts.replayed++;
    const r = await app.inject({
      method: "POST",
      url: req.url!,
      headers: req.headers as Record<string, string>,
      payload,
      remoteAddress: req.socket.remoteAddress,
    });
    for (const [k, v] of Object.entries(r.headers)) if (v !== undefined && !CONNECTION_HEADERS.has(k.toLowerCase())) res.setHeader(k, v as string);
    res.writeHead(r.statusCode).end(r.rawPayload);
  };
  const logged = (req: IncomingMessage, status: number, started: bigint) => {
    if (!(app.log as { isLevelEnabled?: (level: string) => boolean }).isLevelEnabled?.("info")) return;
    app.log.info(
      {
        req: { method: req.method, url: req.url, host: req.headers.host, remoteAddress: req.socket.remoteAddress, remotePort: req.socket.remotePort },
        res: { statusCode: status },
        responseTime: Number(process.hrtime.bigint() - started) / 1e6,
      },
      "request completed",
    );
  };

  async function move(req: IncomingMessage, res: ServerResponse, id: string, payload: Buffer): Promise<void> {
    const started = process.hrtime.bigint();
    const text = payload.toString("utf8");
    // Fastify's JSON parser refuses prototype keys; such bodies are its to answer
    if (text.includes("__proto__") || text.includes("constructor")) return replay(req, res, payload);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return replay(req, res, payload);
    }
    const cookie = req.headers.cookie;
    const who: Credentials = { headers: req.headers as Credentials["headers"], cookies: cookie ? app.parseCookie(cookie) : {}, signedIn: null };
    await resolveViewer(app, who);
    if (refusal(who, "POST") || badTextPath({ id }, "", false) || badTextPath(body, "", false)) return replay(req, res, payload);
    const params = Id.safeParse({ id });
    const input = TransitionBody.safeParse(body);
    if (!params.success || !input.success) return replay(req, res, payload);
    const { version, ...rest } = input.data;
    let status = 200;
    let answer: unknown;
    try {
      answer = await transition(app.db, who.signedIn!, params.data.id, version, rest, app.now(), app.config.TZ_ORG);
    } catch (e) {
      const rule = ruleErrorAnswer(e);
      if (!rule) app.log.error({ err: e }, "unhandled error");
      [status, answer] = rule ?? [500, INTERNAL_ERROR];
    }
    fastPathCounts.answered++;
    send(res, status, answer);
    logged(req, status, started);
  }

  return (req, res) => {
    if (req.method !== "POST") return false;
    const m = PATH.exec(req.url ?? "");
    const type = req.headers["content-type"];
    const length = Number(req.headers["content-length"]);
    if (!m || !type || !JSON_TYPE.test(type) || !(length > 0 && length <= MAX_BODY) || req.headers["transfer-encoding"]) return false;
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("error", () => res.destroy());
    req.on("end", () => {
      move(req, res, m[1], Buffer.concat(chunks)).catch((e) => {
        app.log.error({ err: e }, "unhandled error");
        if (!res.headersSent) send(res, 500, INTERNAL_ERROR);
        else res.destroy();
      });
    });
    return true;
  };
}

/** Puts the fast path in front of Fastify's request handler on the app's server (the server built it; nothing else changes). */
export function installMoveFastPath(app: App): void {
  const fast = moveFastPath(app);
  const [fastify] = app.server.listeners("request") as Array<(req: IncomingMessage, res: ServerResponse) => void>;
  if (!fastify) return;
  app.server.removeListener("request", fastify);
  app.server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    if (!fast(req, res)) fastify(req, res);
  });
}
