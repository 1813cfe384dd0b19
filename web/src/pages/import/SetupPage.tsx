/**
 * The first-run page, shown instead of the sign-in form while the database has no users: the first admin, the
 * organisation, time zone, currency and the first pipeline (a template or stages of one's own) — no demo data.
 */
import { Alert, Button, Card, Form, Input, Radio, Select, Typography } from "antd";
import { useEffect, useState } from "react";
import { api } from "../../api/client";
import { useAuth } from "../../auth";
import { setCurrency } from "../../format";
import { useI18n } from "../../i18n";

interface SetupInfo {
  needsSetup: boolean;
  templates: Array<{ key: string; nameZh: string; nameEn: string }>;
  currencies: string[];
  timeZone: string;
}
interface SetupForm {
  orgName: string;
  timeZone: string;
  currency: string;
  name: string;
  email: string;
  password: string;
  mode: "template" | "scratch";
  template: string;
  stages: string;
}

/** Reads the organisation's currency once at start, so money() shows the right symbol. */
export function loadOrgCurrency(): void {
  api
    .get<{ org: { currency: string } | null }>("/setup")
    .then((r) => setCurrency(r.org?.currency))
    .catch(() => undefined);
}

/** Whether the database still needs its first admin (null while asking). */
export function useNeedsSetup(): SetupInfo | null {
  const [info, setInfo] = useState<SetupInfo | null>(null);
  useEffect(() => {
    api
      .get<SetupInfo>("/setup")
      .then(setInfo)
      .catch(() => setInfo({ needsSetup: false, templates: [], currencies: [], timeZone: "Asia/Shanghai" }));
  }, []);
  return info;
}

export function SetupPage({ info }: { info: SetupInfo }) {
  const { t, locale } = useI18n();
  const { login } = useAuth();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [mode, setMode] = useState<"template" | "scratch">("template");
  const onFinish = async (v: SetupForm) => {
    setBusy(true);
    setError(null);
    try {
      await api.post("/setup", {
        orgName: v.orgName,
        timeZone: v.timeZone,
        currency: v.currency,
        name: v.name,
        email: v.email,
        password: v.password,
        ...(v.mode === "scratch"
          ? {
              stages: v.stages
                .split(/[,，;；]/)
                .map((s) => s.trim())
                .filter(Boolean),
            }
          : { template: v.template }),
      });
      await login(v.email, v.password);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="jd-login">
      <Card style={{ width: 520, maxWidth: "100%" }} title={t("setup.title")} data-testid="setup-page">
        <Typography.Paragraph type="secondary">{t("setup.intro")}</Typography.Paragraph>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} role="alert" />}
        <Form
          layout="vertical"
          onFinish={onFinish}
          requiredMark={false}
          initialValues={{ timeZone: info.timeZone, currency: "CNY", mode: "template", template: info.templates[0]?.key ?? "crm5" }}
        >
          <Form.Item name="orgName" label={t("setup.org")} rules={[{ required: true }]}>
            <Input id="setup-org" />
          </Form.Item>
          <Form.Item name="timeZone" label={t("setup.timeZone")} rules={[{ required: true }]}>
            <Input id="setup-tz" />
          </Form.Item>
          <Form.Item name="currency" label={t("setup.currency")}>
            <Select id="setup-currency" options={info.currencies.map((c) => ({ value: c, label: c }))} />
          </Form.Item>
          <Form.Item name="name" label={t("setup.adminName")} rules={[{ required: true }]}>
            <Input id="setup-name" />
          </Form.Item>
          <Form.Item name="email" label={t("setup.adminEmail")} rules={[{ required: true, type: "email" }]}>
            <Input id="setup-email" autoComplete="username" />
          </Form.Item>
          <Form.Item name="password" label={t("setup.password")} rules={[{ required: true, min: 8 }]}>
            <Input.Password id="setup-password" autoComplete="new-password" />
          </Form.Item>
          <Form.Item name="mode" label={t("setup.pipeline")}>
            <Radio.Group
              onChange={(e) => setMode(e.target.value)}
              options={[
                { value: "template", label: t("setup.fromTemplate") },
                { value: "scratch", label: t("setup.fromScratch") },
              ]}
            />
          </Form.Item>
          {mode === "template" ? (
            <Form.Item name="template">
              <Select id="setup-template" options={info.templates.map((x) => ({ value: x.key, label: locale === "en" ? x.nameEn : x.nameZh }))} />
            </Form.Item>
          ) : (
            <Form.Item name="stages" label={t("setup.stages")} rules={[{ required: true }]}>
              <Input id="setup-stages" placeholder={t("setup.stagesPlaceholder")} />
            </Form.Item>
          )}
          <Button type="primary" htmlType="submit" block loading={busy} data-testid="setup-submit">
            {t("setup.submit")}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
