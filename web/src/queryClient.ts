/**
 * TanStack Query setup: errors are shown to the user once, here; a 409 VERSION_CONFLICT shows a notice and
 * reloads every record on screen, so nobody silently overwrites someone else's change.
 */
import { MutationCache, QueryCache, QueryClient } from "@tanstack/react-query";
import { ApiError } from "./api/client";
import { makeT, storedLocale } from "./i18n";
import { errorText } from "./i18n/errors";
import { notifier } from "./notify";

declare module "@tanstack/react-query" {
  interface Register {
    queryMeta: { silent?: boolean };
    mutationMeta: { handled?: boolean };
  }
}

export function showConflict(client: QueryClient): void {
  const t = makeT(storedLocale());
  notifier()?.notification.warning({ title: t("common.conflictTitle"), description: t("common.conflict"), duration: 6 });
  void client.invalidateQueries();
}

export function showError(e: unknown): void {
  if (e instanceof ApiError && e.status === 401) return;
  notifier()?.message.error(errorText(storedLocale(), e));
}

export function createQueryClient(): QueryClient {
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({
      onError: (e, q) => {
        if (q.meta?.silent) return;
        showError(e);
      },
    }),
    mutationCache: new MutationCache({
      onError: (e, _v, _c, m) => {
        if (e instanceof ApiError && e.code === "VERSION_CONFLICT") return showConflict(client);
        if (m.meta?.handled) return;
        showError(e);
      },
    }),
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        retry: (n, e) => !(e instanceof ApiError && e.status >= 400 && e.status < 500) && n < 2,
      },
    },
  });
  return client;
}
