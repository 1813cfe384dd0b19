/** Every feature's routes, mounted under /api/v1. Add one line per feature. */
import type { App } from "./app";
import { authRoutes } from "./auth";

export const features: Array<(app: App) => Promise<void>> = [
  authRoutes,
];
