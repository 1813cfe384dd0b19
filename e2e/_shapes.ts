import { startServer } from "/work/main/e2e/harness";
const s = await startServer({ demo: "tiny" });
const pipes = await s.api("admin", "GET", "/pipelines");
const p = pipes.items.find((x: any) => x.key === "probability") ?? pipes.items[0];
const show = async (u: string) => {
  try { const r = await s.api("admin", "GET", u); console.log("=== " + u + "\n" + JSON.stringify(r, (k, v) => Array.isArray(v) && v.length > 2 ? [...v.slice(0, 2), `…${v.length}`] : (k === "reps" || k === "teams" ? "[..]" : v)).slice(0, Number(process.env.N ?? 2500))); }
  catch (e) { console.log("=== " + u + " ERR " + String(e).slice(0, 200)); }
};
for (const u of process.argv.slice(2)) await show(u.replace("PID", String(p.id)));
await s.close();
