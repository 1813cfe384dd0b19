/** The report filters every 客户价值 tab passes on (owner, team, window), read from the URL. */
import { useSearchParams } from "react-router";

export function useValueFilters() {
  const [params] = useSearchParams();
  const pick = (k: string) => params.get(k) ?? undefined;
  return { owner: pick("owner"), team: pick("team"), months: pick("months") };
}
