/**
 * The floor under Jindou's move (bench/moves.ts mode `fastify`): a plain Fastify server (no plugins, no hooks, no
 * schemas, Fastify's own JSON body parser and serializer) whose two routes run the bare reference's logic and
 * prepared statements (bench/bare-server.ts bareLogic). Jindou's CPU per move minus this one's is what Jindou's
 * layers cost over Fastify; this one's minus the bare server's is what Fastify itself costs.
 */
import Fastify from "fastify";
import { type Bare, bareLogic } from "./bare-server";

export async function startFastifyFloor(kind: "sqlite" | "postgres", location: string): Promise<Bare> {
  const { answer, close } = bareLogic(kind, location);
  const app = Fastify();
  const route = async (req: { method: string; url: string; headers: { authorization?: string }; body: unknown }, reply: { code(n: number): unknown }) => {
    const [status, body] = await answer(req.method, req.url, req.headers.authorization, async () => req.body);
    reply.code(status);
    return body;
  };
  app.get("/api/v1/opportunities/:id", route as never);
  app.post("/api/v1/opportunities/:id/transition", route as never);
  await app.listen({ port: 0, host: "127.0.0.1" });
  const { port } = app.server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/api/v1`,
    close: async () => {
      await app.close();
      await close();
    },
  };
}
