#!/usr/bin/env node
// `npx jindou …`: runs the compiled CLI in dist/ (npm run build); when dist/ is missing or older than src/, the sources through tsx.
import { serverBuildStale } from "../scripts/build-server.mjs";

if (process.env.JINDOU_FROM_SOURCE !== "1" && serverBuildStale() === null) {
  await import("../dist/cli/main.js");
} else {
  const { register } = await import("tsx/esm/api");
  register();
  await import("../src/cli/main.ts");
}
