// Summarises a V8 .cpuprofile (bench/moves.ts --profile DIR, or node --cpu-prof): self time by function and by
// package or source folder, and inclusive time of the functions named on the command line.
//   node bench/cpuprofile-top.mjs FILE.cpuprofile [--top 30] [--incl name1,name2]
import { readFileSync } from "node:fs";

const file = process.argv[2];
const arg = (n, d) => (process.argv.indexOf(`--${n}`) > 0 ? process.argv[process.argv.indexOf(`--${n}`) + 1] : d);
const top = Number(arg("top", "30"));
const incl = arg("incl", "").split(",").filter(Boolean);
const p = JSON.parse(readFileSync(file, "utf8"));
const byId = new Map(p.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
// self time per node from the samples and their time deltas
const self = new Map();
let total = 0;
p.samples.forEach((id, i) => {
  const dt = p.timeDeltas[i] ?? 0;
  self.set(id, (self.get(id) ?? 0) + dt);
  total += dt;
});
const where = (cf) => {
  const u = cf.url || "";
  const m = /node_modules\/((@[^/]+\/)?[^/]+)/.exec(u);
  if (m) return m[1];
  const s = /\/(src|bench)\/(.*)$/.exec(u);
  if (s) return `${s[1]}/${s[2].split("/")[0]}`;
  return u ? (u.startsWith("node:") ? u : "other") : `(${cf.functionName || "native"})`;
};
const fn = new Map(),
  pkg = new Map();
for (const [id, t] of self) {
  const cf = byId.get(id).callFrame;
  const k = `${cf.functionName || "(anonymous)"}  ${cf.url.replace(/^.*\/(node_modules|src|bench)\//, "$1/")}:${cf.lineNumber + 1}`;
  fn.set(k, (fn.get(k) ?? 0) + t);
  pkg.set(where(cf), (pkg.get(where(cf)) ?? 0) + t);
}
const pct = (t) => `${((100 * t) / total).toFixed(1).padStart(5)} % ${(t / 1e3).toFixed(0).padStart(6)} ms`;
const show = (title, m, n) => {
  console.log(`\n${title}`);
  for (const [k, t] of [...m].sort((a, b) => b[1] - a[1]).slice(0, n)) console.log(`${pct(t)}  ${k}`);
};
console.log(`${file}: ${(total / 1e3).toFixed(0)} ms sampled`);
show("self time by package / folder", pkg, 25);
show("self time by function", fn, top);
// inclusive: a sample counts once for a name if the name is anywhere on its stack
for (const name of incl) {
  let t = 0;
  for (const [id, dt] of self) {
    for (let x = id; x != null; x = parent.get(x))
      if (byId.get(x).callFrame.functionName === name) {
        t += dt;
        break;
      }
  }
  console.log(`inclusive ${name}: ${pct(t)}`);
}
// callers: for each name in --callers, the stacks (3 frames up) that lead to it, by time
for (const name of arg("callers", "").split(",").filter(Boolean)) {
  const stacks = new Map();
  for (const [id, dt] of self) {
    let hit = null;
    for (let x = id; x != null; x = parent.get(x))
      if (byId.get(x).callFrame.functionName === name) {
        hit = x;
        break;
      }
    if (hit == null) continue;
    const chain = [];
    for (let x = parent.get(hit); x != null && chain.length < 4; x = parent.get(x)) {
      const cf = byId.get(x).callFrame;
      chain.push(`${cf.functionName || "(anon)"}@${cf.url.replace(/^.*\//, "")}:${cf.lineNumber + 1}`);
    }
    const k = chain.join(" < ");
    stacks.set(k, (stacks.get(k) ?? 0) + dt);
  }
  show(`callers of ${name}`, stacks, 8);
}
