/** Builds the React app from web/ into web/dist; in dev, proxies /api to the server on :3000. */
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, constants as zlib, gzipSync } from "node:zlib";
import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";
import { writeAntdCss } from "./build/antd-css.ts";

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * The early script: a tiny classic script in <head> (same origin, so the CSP's script-src 'self' allows it) that
 * runs while the HTML is parsed, before the big entry chunks have even downloaded. It
 *  - adds <link rel="modulepreload"> for the code of the page in the address bar (its chunk and the chunks it
 *    imports that the entry does not), so the page's code downloads alongside the entry instead of after it;
 *  - starts the first API requests of that page (who is signed in, the pipelines, the board or the funnel
 *    reports) and leaves the pending responses in window.__jdEarly, keyed by path + query. The API client
 *    (web/src/api/client.ts) takes a pending response instead of fetching when a GET asks for exactly that URL
 *    within the first seconds; anything not asked for is simply dropped.
 * The URLs must match what the pages ask for (BoardPage, FunnelPage and its cards); a mismatch costs one
 * wasted request, never a wrong answer.
 */
function earlyScript(routes: Record<string, string[]>): string {
  return `(function () {
  var routes = ${JSON.stringify(routes)};
  var path = location.pathname;
  if (path === "/login") return;
  var first = "/" + (path.split("/")[1] || "");
  (routes[first] || []).forEach(function (f) {
    var l = document.createElement("link"); l.rel = "modulepreload"; l.href = f; document.head.appendChild(l);
  });
  var early = window.__jdEarly = {};
  function get(u) {
    var p = fetch("/api/v1" + u, { headers: { accept: "application/json" }, credentials: "same-origin" });
    p.catch(function () {});
    early[u] = p;
  }
  function qs(pairs) {
    var s = new URLSearchParams();
    pairs.forEach(function (kv) { if (kv[1] !== undefined && kv[1] !== null && kv[1] !== "") s.set(kv[0], String(kv[1])); });
    s = s.toString();
    return s ? "?" + s : "";
  }
  get("/auth/me");
  get("/pipelines");
  var q = new URLSearchParams(location.search);
  var pipeline = Number(q.get("pipeline"));
  if (!pipeline) return;
  var base = [["pipeline", pipeline], ["owner", q.get("owner")], ["team", q.get("team")], ["source", q.get("source")], ["tier", q.get("tier")]];
  if (first === "/board") get("/board" + qs(base));
  if (first === "/funnel") {
    var period = q.get("period") !== null ? q.get("period") : String(new Date().getFullYear());
    var withPeriod = base.concat([["period", period]]);
    get("/reports/funnel-health" + qs(withPeriod));
    get("/reports/funnel" + qs(base.concat([["asOf", q.get("asOf")]])));
    get("/reports/conversion" + qs(withPeriod));
    get("/reports/cycle-time" + qs(withPeriod));
    get("/reports/velocity" + qs(base.concat([["winRate", 0], ["opportunities", 0], ["cycle", 0], ["dealSize", 0]])));
    get("/reports/sources" + qs(withPeriod));
  }
})();
`;
}

/** Writes the early script (see above) with the route → chunk map of this build and loads it first in index.html. */
function earlyBoot(): Plugin {
  return {
    name: "jindou-early-boot",
    apply: "build",
    enforce: "post",
    generateBundle(_options, bundle) {
      // the page modules of boot.ts: "/board": () => import("./pages/board/BoardPage")
      const boot = readFileSync(path.join(here, "src", "boot.ts"), "utf8");
      const pages = new Map<string, string>();
      for (const m of boot.matchAll(/"(\/[^"]*)":\s*\(\)\s*=>\s*import\("\.\/([^"]+)"\)/g)) pages.set(path.join(here, "src", m[2]), m[1]);
      const chunks = Object.values(bundle).filter((c) => c.type === "chunk");
      const byName = new Map(chunks.map((c) => [c.fileName, c]));
      const closure = (file: string, into: Set<string>) => {
        if (into.has(file)) return into;
        into.add(file);
        for (const i of byName.get(file)?.imports ?? []) closure(i, into);
        return into;
      };
      const entry = chunks.find((c) => c.isEntry);
      const loaded = entry ? closure(entry.fileName, new Set()) : new Set<string>();
      const routes: Record<string, string[]> = {};
      for (const c of chunks) {
        const route = c.facadeModuleId ? pages.get(c.facadeModuleId.replace(/\.tsx?$/, "")) : undefined;
        if (route) routes[route] = [...closure(c.fileName, new Set())].filter((f) => !loaded.has(f)).map((f) => "/" + f);
      }
      const source = earlyScript(routes);
      const ref = this.emitFile({ type: "asset", name: "early.js", source });
      const html = bundle["index.html"];
      if (html?.type !== "asset") throw new Error("jindou-early-boot: index.html not in the bundle");
      const tag = `<script src="/${this.getFileName(ref)}"></script>`;
      html.source = String(html.source).replace(/<script type="module"/, `${tag}\n    <script type="module"`);
    },
  };
}

/** node_modules left to the pages that use them: the board's drag-and-drop and virtualiser, and the Ant Design parts
 * only the import, customer, opportunity, planning and settings pages show (upload, steps, result, progress). */
const PAGE_ONLY_VENDOR = /[\\/]node_modules[\\/](@dnd-kit|@tanstack[\\/](react-virtual|virtual-core)|(antd[\\/](es|lib)|@rc-component)[\\/](upload|steps|result|progress))[\\/]/;

/** Ant Design's styles for the app's theme as a plain CSS file (web/build/antd-css.ts), imported by main.tsx. */
function antdStyles(): Plugin {
  return { name: "jindou-antd-css", buildStart: () => writeAntdCss(path.join(here, "src", "generated", "antd.css")) };
}

/** Writes .br and .gz beside each text file of the build; the server sends them to browsers that accept them
 * (@fastify/static preCompressed in src/http/app.ts). */
function precompress(): Plugin {
  return {
    name: "jindou-precompress",
    apply: "build",
    closeBundle() {
      const walk = (dir: string): string[] => readdirSync(dir).flatMap((n) => {
        const f = path.join(dir, n);
        return statSync(f).isDirectory() ? walk(f) : [f];
      });
      for (const f of walk(path.join(here, "dist"))) {
        if (!/\.(js|css|html|svg|json)$/.test(f)) continue;
        const raw = readFileSync(f);
        if (raw.length < 1024) continue;
        writeFileSync(f + ".br", brotliCompressSync(raw, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: raw.length } }));
        writeFileSync(f + ".gz", gzipSync(raw, { level: 9 }));
      }
    },
  };
}

export default defineConfig({
  root: here,
  plugins: [antdStyles(), react(), earlyBoot(), precompress()],
  build: {
    outDir: path.join(here, "dist"),
    emptyOutDir: true,
    chunkSizeWarningLimit: 500,
    rolldownOptions: {
      output: {
        // Few, stable chunks instead of ~40 small ones: the browser opens only six connections to the server, and
        // vendor chunks keep their hash (and cache) from one release of the app code to the next.
        //  react   — React, React DOM, the router, TanStack Query (every page)
        //  echarts — ECharts and ZRender, only for the pages with charts (never the board)
        //  vendor  — Ant Design and the rest of node_modules but the board's drag-and-drop and virtualiser
        //  common  — the app's shared components, API hooks and formatting (not the chart wrapper)
        // the size-split Ant Design chunks import each other; keep module bodies running in source order across them
        strictExecutionOrder: true,
        codeSplitting: {
          groups: [
            // ZRender (the renderer) apart from ECharts proper: it imports nothing of ECharts, so no cycle between the two
            { name: "zrender", test: /[\\/]node_modules[\\/](zrender|tslib)[\\/]/, priority: 41 },
            { name: "echarts", test: /[\\/]node_modules[\\/]echarts[\\/]/, priority: 40 },
            { name: "icons", test: /[\\/]node_modules[\\/]@ant-design[\\/](icons|icons-svg)[\\/]/, priority: 35 },
            { name: "react", test: /[\\/]node_modules[\\/](react|react-dom|scheduler|react-router|@tanstack[\\/](react-query|query-core))[\\/]/, priority: 30 },
            // shared by most pages (the shell's Layout, Menu, Button, Table, Form …); split so no chunk exceeds ~450 kB
            // Ant Design's components and their rc parts, split by size so no chunk passes 500 kB (two or three chunks,
            // fetched in parallel by the early script's modulepreload links)
            { name: "antd", test: (id: string) => /[\\/]node_modules[\\/](antd|@rc-component|rc-[\w-]+)[\\/]/.test(id) && !PAGE_ONLY_VENDOR.test(id), priority: 25, minShareCount: 3, maxSize: 900_000 },
            { name: "vendor", test: (id: string) => /[\\/]node_modules[\\/]/.test(id) && !PAGE_ONLY_VENDOR.test(id), priority: 20, minShareCount: 3 },
            { name: "common", test: (id: string) => /[\\/]web[\\/]src[\\/](components|api)[\\/]|[\\/]web[\\/]src[\\/]format\.ts$|[\\/]src[\\/]core[\\/]/.test(id) && !/Chart\.tsx$/.test(id), priority: 10 },
          ],
        },
      },
    },
  },
  server: { proxy: { "/api": "http://127.0.0.1:3000" } },
});
