/**
 * Startup work that need not wait for React: ask who is signed in, fetch the code of the page in the address bar,
 * and the data it will ask for first — all in parallel, so the first screen is not a waterfall.
 */
import type { QueryClient } from "@tanstack/react-query";
import { api } from "./api/client";
import { bootMe } from "./api/me";
import type { Pipeline } from "./api/types";

export const routeModules: Record<string, () => Promise<unknown>> = {
  "/": () => import("./pages/Home"),
  "/board": () => import("./pages/board/BoardPage"),
  "/opportunities": () => import("./pages/opportunity/OpportunityPage"),
  "/customers": () => import("./pages/customer/CustomersPage"),
  "/funnel": () => import("./pages/funnel/FunnelPage"),
  "/planning": () => import("./pages/planning/PlanningPage"),
  "/forecast": () => import("./pages/forecast/ForecastPage"),
  "/key-customers": () => import("./pages/keycustomers/KeyCustomersPage"),
  "/import": () => import("./pages/import/ImportPage"),
  "/settings": () => import("./pages/settings/SettingsPage"),
};

export function boot(qc: QueryClient): void {
  const path = window.location.pathname;
  if (path === "/login") return;
  void bootMe();
  const first = "/" + (path.split("/")[1] ?? "");
  void routeModules[first]?.().catch(() => undefined);
  const pipelines = api.get<{ items: Pipeline[] }>("/pipelines").then((r) => r.items);
  void qc.prefetchQuery({ queryKey: ["pipelines"], queryFn: () => pipelines, staleTime: 300_000 });
  const params = new URLSearchParams(window.location.search);
  if (first === "/board") {
    // The board's own query key (BoardPage): the pipeline from the URL or the first deal pipeline.
    // With the pipeline in the URL the board need not wait for the pipelines (the early script asked already).
    const fromUrl = Number(params.get("pipeline"));
    void (fromUrl ? Promise.resolve([]) : pipelines)
      .then((items: Pipeline[]) => {
        const pipeline = fromUrl || items.find((p) => p.kind === "deal")?.id;
        if (!pipeline) return;
        const filters = {
          pipeline,
          owner: params.get("owner") ?? undefined,
          team: params.get("team") ?? undefined,
          source: params.get("source") ?? undefined,
          tier: params.get("tier") ?? undefined,
        };
        return qc.prefetchQuery({ queryKey: ["board", filters], queryFn: () => api.get("/board", filters) });
      })
      .catch(() => undefined);
  }
}
