/** What a signed-in user sees on a page their role may not open: a translated notice and the way home (never a bare "403"). */
import { Button, Result } from "antd";
import { Link } from "react-router";
import { useI18n } from "../i18n";

export function NoAccess({ need }: { need: "admin" | "manager" }) {
  const { t } = useI18n();
  return (
    <Result
      status="403"
      title={t("access.title")}
      subTitle={t(need === "admin" ? "access.adminOnly" : "access.managerOnly")}
      data-testid="no-access"
      extra={
        <Link to="/">
          <Button type="primary">{t("access.home")}</Button>
        </Link>
      }
    />
  );
}
