/** 客户价值: retention and cohorts, grades (客户等级), priority — one tab each, filters and the window in the URL. */
import { Space, Tabs, Typography } from "antd";
import { useSearchParams } from "react-router";
import { FilterBar } from "../../components/FilterBar";
import { useI18n } from "../../i18n";
import { GradesTab } from "./GradesTab";
import { PriorityTab } from "./PriorityTab";
import { RetentionTab } from "./RetentionTab";

export default function ValuePage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const tab = params.get("tab") ?? "retention";
  return (
    <div data-testid="value-page">
      <Space wrap style={{ justifyContent: "space-between", width: "100%", marginBottom: 8 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t("value.title")}
        </Typography.Title>
        <FilterBar show={["owner", "team"]} />
      </Space>
      <Tabs
        activeKey={tab}
        destroyOnHidden
        onChange={(k) => {
          const n = new URLSearchParams(params);
          n.set("tab", k);
          setParams(n, { replace: true });
        }}
        items={[
          { key: "retention", label: t("value.retention"), children: <RetentionTab /> },
          { key: "grades", label: t("value.grades"), children: <GradesTab /> },
          { key: "priority", label: t("value.priority"), children: <PriorityTab /> },
        ]}
      />
    </div>
  );
}
