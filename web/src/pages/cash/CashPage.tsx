/** 回款与提成: receivables ageing, commission, signed and qualified customers, the contracts and the quotes — one tab each, the tab in the URL. */
import { Tabs, Typography } from "antd";
import { useSearchParams } from "react-router";
import { useI18n } from "../../i18n";
import { CommissionTab } from "./CommissionTab";
import { ContractsTab } from "./ContractsTab";
import { QuotesTab } from "./QuotesTab";
import { ReceivablesTab } from "./ReceivablesTab";
import { SignedTab } from "./SignedTab";

export default function CashPage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const tab = params.get("tab") ?? "receivables";
  return (
    <div data-testid="cash-page">
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t("cash.title")}
      </Typography.Title>
      <Tabs
        activeKey={tab}
        destroyOnHidden
        onChange={(k) => {
          const n = new URLSearchParams(params);
          n.set("tab", k);
          setParams(n, { replace: true });
        }}
        items={[
          { key: "receivables", label: t("cash.receivables"), children: <ReceivablesTab /> },
          { key: "commission", label: t("cash.commission"), children: <CommissionTab /> },
          { key: "signed", label: t("cash.signed"), children: <SignedTab /> },
          { key: "contracts", label: t("cash.contracts"), children: <ContractsTab /> },
          { key: "quotes", label: t("cash.quotes"), children: <QuotesTab /> },
        ]}
      />
    </div>
  );
}
