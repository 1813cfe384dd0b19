#!/usr/bin/env node
/** Before `npm start`: builds the web app and compiles the server when either build is missing or older than its sources. */
import { ensureWebBuild } from "./ensure-web-build.mjs";
import { buildServer, serverBuildStale } from "./build-server.mjs";

try {
  ensureWebBuild();
  const why = serverBuildStale();
  if (why) {
    console.log(`server: compiling (${why}) …`);
    await buildServer();
  } else console.log("server: dist/ is up to date");
} catch (e) {
  console.error(String(e instanceof Error ? e.message : e));
  process.exit(1);
}
