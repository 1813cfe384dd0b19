/**
 * Startup work that need not wait for React: ask who is signed in, fetch the code of the page in the address bar,
 * and the data it will ask for first — all in parallel, so the first screen is not a waterfall.
 */
import type { QueryClient } from "@tanstack/react-query";
import { type ComponentType, createElement, lazy } from "react";
import { api } from "./api/client";
import { bootMe } from "./api/me";
import type { Pipeline } from "./api/types";

const pageModules: Record<string, () => Promise<{ default: ComponentType }>> = {
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

/** The modules loaded so far, by route: a page whose code is here renders at once, without suspending. */
const loaded = new Map<string, ComponentType>();

/** Loads the code of one route's page (and remembers it, see routePage). */
function loadPage(route: string): Promise<{ default: ComponentType }> {
  return pageModules[route]().then((m) => {
    loaded.set(route, m.default);
    return m;
  });
}

export const routeModules: Record<string, () => Promise<unknown>> = Object.fromEntries(Object.keys(pageModules).map((r) => [r, () => loadPage(r)]));

/**
 * The page component of a route. Unlike a bare React.lazy, it does not suspend when the code is already loaded (boot
 * below asks for the startup page's code while the API answers, and the app waits for it with its first spinner, see
 * App.tsx): a suspended route shows its fallback, and React then holds the page back until 300 ms after the fallback
 * appeared (its Suspense reveal throttle) — on a warm load of the board that was most of the time between the data's
 * arrival and the first card on screen.
 */
export function routePage(route: string): ComponentType {
  const Lazy = lazy(() => loadPage(route));
  return function RoutePage() {
    const Page = loaded.get(route);
    return Page ? createElement(Page) : createElement(Lazy);
  };
}

/** Settles once the code of the page in the address bar at startup is loaded (or failed, or there was none to load). */
let bootPage: Promise<void> = Promise.resolve();
let bootPageDone = true;

/** Whether the startup page's code is in (see bootPageLoaded); false only in the first moments of a page load. */
export const bootPageReady = () => bootPageDone;
/** Resolves once the startup page's code is in: the app shows its first screen with that page already rendered. */
export const bootPageLoaded = () => bootPage;

export function boot(qc: QueryClient): void {
  const path = window.location.pathname;
  if (path === "/login") return;
  void bootMe();
  const first = "/" + (path.split("/")[1] ?? "");
  if (pageModules[first]) {
    bootPageDone = false;
    bootPage = loadPage(first).then(
      () => {
        bootPageDone = true;
      },
      () => {
        bootPageDone = true;
      },
    );
  }
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
