/** What a page shows where the endpoint behind a panel is missing (404) or failed. */
import { Alert, Empty } from "antd";
import { ApiError } from "../api/client";

/** The server has no such endpoint yet (as opposed to a record the viewer may not see). */
export const isMissingRoute = (e: unknown) => e instanceof ApiError && e.status === 404 && e.message.startsWith("no route");
import { useI18n } from "../i18n";
import { errorText } from "../i18n/errors";

export function Unavailable({ error, what }: { error: unknown; what?: string }) {
  const { t, locale } = useI18n();
  if (isMissingRoute(error)) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={`${what ? what + ": " : ""}${t("common.notAvailable")}`} />;
  return <Alert type="error" showIcon title={errorText(locale, error)} />;
}
