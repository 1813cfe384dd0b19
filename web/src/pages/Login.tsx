/** The sign-in form; after it, back to the page that asked for it. */
import { LockOutlined, MailOutlined, TranslationOutlined } from "@ant-design/icons";
import { Alert, Button, Card, Form, Input, Typography } from "antd";
import { useState } from "react";
import { useAuth } from "../auth";
import { useI18n } from "../i18n";
import { errorText } from "../i18n/errors";

export function LoginPage() {
  const { login } = useAuth();
  const { t, locale, setLocale } = useI18n();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const onFinish = async (v: { email: string; password: string }) => {
    setBusy(true);
    setError(null);
    try {
      await login(v.email, v.password); // the /login route then forwards to ?next
    } catch (e) {
      setError(errorText(locale, e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="jd-login">
      <Card
        style={{ width: 380 }}
        title={
          <span>
            <span className="bean" style={{ display: "inline-block", width: 12, height: 12, borderRadius: 6, background: "#d4a017", marginRight: 8 }} />
            {t("login.title")}
          </span>
        }
        extra={
          <Button type="text" size="small" icon={<TranslationOutlined />} onClick={() => setLocale(locale === "en" ? "zh-CN" : "en")}>
            {t("nav.language")}
          </Button>
        }
      >
        <Typography.Paragraph type="secondary">{t("app.tagline")}</Typography.Paragraph>
        {error && <Alert type="error" showIcon title={t("login.failed")} description={error} style={{ marginBottom: 16 }} role="alert" />}
        <Form layout="vertical" onFinish={onFinish} requiredMark={false}>
          <Form.Item name="email" label={t("login.email")} rules={[{ required: true, type: "email" }]}>
            <Input prefix={<MailOutlined />} autoComplete="username" autoFocus id="login-email" />
          </Form.Item>
          <Form.Item name="password" label={t("login.password")} rules={[{ required: true }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" id="login-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            {t("login.submit")}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
