/**
 * A child process of bench/moves.ts serving the stage-move endpoints: Jindou itself (`jindou`) or the bare node:http
 * reference (`bare`, bench/bare-server.ts) or the same logic in a plain Fastify server (`fastify`, bench/fastify-floor.ts) on an existing database. It measures itself between the parent's "start"
 * and "stop" messages: CPU time of the whole process (process.cpuUsage) and the event-loop delay of its main thread,
 * so the figures do not include the load generator, which runs in the parent.
 *
 * With a sixth argument (a file), the main thread's CPU profile of that window is written there (node:inspector).
 *
 *   argv: <jindou|bare|fastify> <sqlite|postgres> <location> <firstStageId> <nextStageId> [profile.cpuprofile] (the stage ids are unused now)
 */
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { loadConfig } from "../src/config";
import { openDb } from "../src/db/connect";
import { buildApp } from "../src/http/app";
import { startBare } from "./bare-server";
import { startFastifyFloor } from "./fastify-floor";

const [mode, kind, location, , , profile] = process.argv.slice(2);
const send = (m: unknown) => process.send?.(m);

let url: string;
let close: () => Promise<void>;
if (mode === "bare" || mode === "fastify") {
  const bare = await (mode === "bare" ? startBare : startFastifyFloor)(kind as "sqlite" | "postgres", location);
  url = bare.url;
  close = bare.close;
} else {
  const handle = openDb(location);
  const app = await buildApp({ handle, config: loadConfig({ JOBS: "0" } as NodeJS.ProcessEnv), webDist: "/none" });
  await app.listen({ port: 0, host: "127.0.0.1" });
  url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}/api/v1`;
  close = async () => {
    await app.close();
    await handle.close();
  };
}

const loop = monitorEventLoopDelay({ resolution: 5 });
let cpu0 = process.cpuUsage();
const inspector = profile ? new Session() : null;
inspector?.connect();
process.on("message", async (m: { cmd: string }) => {
  if (m.cmd === "start") {
    if (inspector) {
      await inspector.post("Profiler.enable");
      await inspector.post("Profiler.start");
    }
    loop.reset();
    loop.enable();
    cpu0 = process.cpuUsage();
    // for an outside profiler (perf record -p): the measured window starts now
    if (process.env.MOVE_WINDOW_FILE) writeFileSync(`${process.env.MOVE_WINDOW_FILE}.${mode}`, String(process.pid));
  } else if (m.cmd === "stop") {
    const cpu = process.cpuUsage(cpu0);
    loop.disable();
    if (inspector) writeFileSync(profile, JSON.stringify((await inspector.post("Profiler.stop")).profile));
    send({ cpuMs: (cpu.user + cpu.system) / 1000, p99: loop.percentile(99) / 1e6 });
  } else if (m.cmd === "close") {
    await close();
    // a normal exit, so that --cpu-prof writes its profile
    process.exit(0);
  }
});
send({ url });
