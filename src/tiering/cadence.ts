/**
 * The revisit cadence (回访周期, seed 000 "定期回访") applied: a customer's next follow-up is due the priority's
 * number of days after the last contact. A contact re-dates it; a change of priority brings it forward when
 * the new cadence is shorter, and never pushes back a date someone already set. Pure; dates are YYYY-MM-DD.
 */
import type { Priority } from "./priority";

export type RevisitDays = Record<Priority, number>;

export const isPriority = (p: string | null | undefined): p is Priority => p === "high" || p === "medium" || p === "low";

/** The date `days` calendar days after `date`. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** After a contact on `contactDate`: the next revisit by the priority's cadence (null without a priority). */
export function revisitAfterContact(contactDate: string, priority: string | null, days: RevisitDays): string | null {
  return isPriority(priority) ? addDays(contactDate, days[priority]) : null;
}

/** After a change of priority: the cadence date from the last contact when it is earlier than the stored one. */
export function revisitAfterPriority(stored: string | null, lastContact: string, priority: string | null, days: RevisitDays): string | null {
  const due = revisitAfterContact(lastContact, priority, days);
  if (due === null) return stored;
  return stored === null || due < stored ? due : stored;
}
