/** Every feature's routes, mounted under /api/v1. Add one line per feature. */
import type { RoutesPlugin } from "./plugin";
import { activityRoutes } from "../activities/routes";
import { cashRoutes } from "../cash/routes";
import { forecastRoutes } from "../forecast/routes";
import { contactRoutes } from "../contacts/routes";
import { customerRoutes } from "../customers/routes";
import { opportunityRoutes } from "../opportunities/routes";
import { pipelineRoutes } from "../pipelines/routes";
import { userRoutes } from "../users/routes";
import { tieringRoutes } from "../tiering/routes";
import { valueRoutes } from "../value/routes";
import { authRoutes } from "./auth";
import { funnelRoutes } from "../funnel/routes";
import { planningRoutes } from "../planning/routes";
import { importRoutes } from "../import/routes";
import { exportRoutes } from "../export/routes";
import { orgRoutes } from "../org/routes";
import { tokenRoutes } from "../org/token-routes";
import { poolRoutes } from "../pools/routes";
import { transferRoutes } from "../transfers/routes";
import { auditRoutes } from "../org/audit-routes";
import { setupRoutes } from "../init/routes";
import { notificationRoutes } from "../notifications/routes";
import { tierOnDemandRoutes } from "../tiering/on-demand-routes";
import { briefingRoutes } from "../briefing/routes";
import { searchRoutes } from "../search/routes";
import { mergeRoutes } from "../customers/merge-routes";
import { productRoutes } from "../products/routes";
import { viewRoutes } from "../views/routes";
import { fieldRoutes } from "../fields/routes";

export const features: RoutesPlugin[] = [
  tierOnDemandRoutes, // first: its hook tiers customers on first use of a tier filter
  authRoutes,
  userRoutes,
  pipelineRoutes,
  customerRoutes,
  contactRoutes,
  opportunityRoutes,
  activityRoutes,
  cashRoutes,
  tieringRoutes,
  valueRoutes,
  forecastRoutes,
  funnelRoutes,
  planningRoutes,
  importRoutes,
  exportRoutes,
  orgRoutes,
  tokenRoutes,
  poolRoutes,
  transferRoutes,
  auditRoutes,
  setupRoutes,
  notificationRoutes,
  briefingRoutes,
  searchRoutes,
  mergeRoutes,
  productRoutes,
  viewRoutes,
  fieldRoutes,
];
