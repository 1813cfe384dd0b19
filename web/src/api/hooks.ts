/** Queries every page shares: pipelines, people, teams, lost reasons. */
import { useQuery } from "@tanstack/react-query";
import { api } from "./client";
import type { LostReason, Pipeline, Team, UserRow } from "./types";

export const usePipelines = () =>
  useQuery({ queryKey: ["pipelines"], queryFn: () => api.get<{ items: Pipeline[] }>("/pipelines").then((r) => r.items), staleTime: 300_000 });

export const useUsers = () =>
  useQuery({ queryKey: ["users"], queryFn: () => api.get<{ items: UserRow[] }>("/users").then((r) => r.items), staleTime: 300_000, meta: { silent: true } });

export const useTeams = () =>
  useQuery({ queryKey: ["teams"], queryFn: () => api.get<{ items: Team[] }>("/teams").then((r) => r.items), staleTime: 300_000, meta: { silent: true } });

export const useLostReasons = () =>
  useQuery({ queryKey: ["lost-reasons"], queryFn: () => api.get<{ items: LostReason[] }>("/lost-reasons").then((r) => r.items), staleTime: 300_000 });

/** The deal pipelines (not the customer-lifecycle one), the first being the default. */
export function useDealPipelines() {
  const q = usePipelines();
  return { ...q, data: q.data?.filter((p) => p.kind === "deal" && !p.archived) };
}
