#!/usr/bin/env node
/**
 * Compiles the server and CLI (src/) to JavaScript in dist/ with esbuild: one entry for the CLI, one per worker,
 * code split so each command's modules load only when it runs; npm packages stay external (node_modules).
 * `--if-stale` builds only when dist/ is missing or older than a file under src/ (used by prestart and bin/jindou.mjs).
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dist = path.join(root, "dist");
const stamp = path.join(dist, "cli", "main.js");

/** Entry points: the CLI, the benchmarks' server (src/bench/serve.ts) and every worker-thread script (files named *.worker.ts). */
function entries() {
  const found = [path.join(root, "src", "cli", "main.ts"), path.join(root, "src", "bench", "serve.ts")];
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const p = path.join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith(".worker.ts")) found.push(p);
    }
  };
  walk(path.join(root, "src"));
  return found;
}

function newestSource(d = path.join(root, "src")) {
  let best = 0;
  for (const name of readdirSync(d)) {
    const p = path.join(d, name);
    const st = statSync(p);
    best = Math.max(best, st.isDirectory() ? newestSource(p) : name.endsWith(".test.ts") ? 0 : st.mtimeMs);
  }
  return best;
}

export function serverBuildStale() {
  if (!existsSync(stamp)) return "dist/cli/main.js is missing";
  if (!existsSync(path.join(dist, "bench", "serve.js"))) return "dist/bench/serve.js is missing";
  return newestSource() > statSync(stamp).mtimeMs ? "src/ is newer than dist/" : null;
}

export async function buildServer({ quiet = false } = {}) {
  const { build } = await import("esbuild");
  const started = performance.now();
  await build({
    entryPoints: entries(),
    outdir: dist,
    outbase: path.join(root, "src"),
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    packages: "external",
    sourcemap: true,
    chunkNames: "chunks/[name]-[hash]",
    logLevel: "warning",
    legalComments: "none",
  });
  if (!quiet) console.log(`server: compiled src/ into dist/ in ${Math.round(performance.now() - started)} ms`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const why = process.argv.includes("--if-stale") ? serverBuildStale() : "asked";
  if (why === null) console.log("server: dist/ is up to date");
  else
    await buildServer().catch((e) => {
      console.error(String(e?.message ?? e));
      process.exit(1);
    });
}
