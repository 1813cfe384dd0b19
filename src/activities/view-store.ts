/** An activity as the API shows it, and the activities a viewer may see (the access rule), shared by the activity stores. */
import type { Viewer } from "../access/viewer";
import { visible } from "../access/visible";
import type { Row } from "../db/schema";
import type { DbOrTx } from "../db/tx";

export const activityView = (a: Row<"activities"> & { customer_name?: string; owner_name?: string | null }) => ({
  id: a.id,
  kind: a.kind,
  customerId: a.customer_id,
  customerName: a.customer_name ?? null,
  contactId: a.contact_id,
  opportunityId: a.opportunity_id,
  ownerId: a.owner_id,
  ownerName: a.owner_name ?? null,
  subject: a.subject,
  metPerson: a.met_person,
  metTitle: a.met_title,
  plannedAt: a.planned_at,
  doneAt: a.done_at,
  outcome: a.outcome,
  nextFollowUpAt: a.next_follow_up_at,
  createdAt: a.created_at,
  version: a.version,
});

/** Activities the viewer may see: their owner's or their customer's visibility admits them. */
export const visibleActivities = (db: DbOrTx, viewer: Viewer) =>
  db
    .selectFrom("activities as a")
    .innerJoin("customers as c", "c.id", "a.customer_id")
    .leftJoin("users as u", "u.id", "a.owner_id")
    .selectAll("a")
    .select(["c.name as customer_name", "u.name as owner_name"])
    .where((eb) => eb.or([visible(viewer, "a.owner_id"), visible(viewer, "c.owner_id", "c.id", "customer")]));
