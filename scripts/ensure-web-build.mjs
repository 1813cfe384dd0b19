#!/usr/bin/env node
/**
 * Builds the web app when web/dist/index.html is missing or older than any file in web/src, web/build, web/index.html or
 * web/vite.config.ts; otherwise says it is up to date. Run before `npm start` (prestart) and by the browser tests.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const web = path.join(root, "web");
const built = path.join(web, "dist", "index.html");

function newest(p) {
  const st = statSync(p);
  if (!st.isDirectory()) return { file: p, mtime: st.mtimeMs };
  let best = { file: p, mtime: 0 };
  for (const name of readdirSync(p)) {
    const n = newest(path.join(p, name));
    if (n.mtime > best.mtime) best = n;
  }
  return best;
}

export function webBuildStale() {
  if (!existsSync(built)) return "web/dist/index.html is missing";
  const builtAt = statSync(built).mtimeMs;
  for (const src of [path.join(web, "src"), path.join(web, "build"), path.join(web, "index.html"), path.join(web, "vite.config.ts")]) {
    if (!existsSync(src)) continue;
    const n = newest(src);
    if (n.mtime > builtAt) return `${path.relative(root, n.file)} is newer than the build`;
  }
  return null;
}

export function ensureWebBuild({ quiet = false } = {}) {
  const why = webBuildStale();
  if (!why) {
    if (!quiet) console.log("web app: web/dist is up to date");
    return false;
  }
  console.log(`web app: building (${why}) …`);
  const r = spawnSync(
    process.execPath,
    [path.join(root, "node_modules", "vite", "bin", "vite.js"), "build", "--config", "web/vite.config.ts", "--logLevel", "warn"],
    // a production build even when called from Vitest (NODE_ENV=test): Vite keeps a NODE_ENV it finds set, and with
    // "test" React ships its development build and @rc-component gives every generated id the same value, "test-id"
    { cwd: root, stdio: "inherit", env: { ...process.env, NODE_ENV: "production" } },
  );
  if (r.status !== 0) throw new Error(`web build failed (exit ${r.status})`);
  console.log("web app: built into web/dist");
  return true;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    ensureWebBuild();
  } catch (e) {
    console.error(String(e instanceof Error ? e.message : e));
    process.exit(1);
  }
}
