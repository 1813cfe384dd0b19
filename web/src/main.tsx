/** Entry: providers (query cache, language, antd theme and locale, auth) around the router. */
import { QueryClientProvider } from "@tanstack/react-query";
import { App as AntApp, ConfigProvider } from "antd";
import enUS from "antd/es/locale/en_US";
import zhCN from "antd/es/locale/zh_CN";
import dayjs from "dayjs";
import "dayjs/locale/zh-cn";
import { type ReactNode, StrictMode, useEffect } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter } from "react-router";
import { AppRoutes } from "./App";
import { AuthProvider } from "./auth";
import { boot } from "./boot";
import { I18nProvider, useI18n } from "./i18n";
import { setNotifier } from "./notify";
import { createQueryClient } from "./queryClient";
import { THEME } from "./theme";
// Ant Design's component styles, computed at build time for THEME (web/build/antd-css.ts); before the app's own
import "./generated/antd.css";
import "./styles.css";

const queryClient = createQueryClient();
boot(queryClient);

function NotifierBridge() {
  const { message, notification } = AntApp.useApp();
  useEffect(() => setNotifier({ message, notification }), [message, notification]);
  return null;
}

/** No style computed or injected by Ant Design in the browser: the build wrote them all (see theme.ts). */
const RUNTIME_THEME = { ...THEME, zeroRuntime: true };

function Themed({ children }: { children: ReactNode }) {
  const { locale } = useI18n();
  dayjs.locale(locale === "en" ? "en" : "zh-cn");
  return (
    <ConfigProvider locale={locale === "en" ? enUS : zhCN} theme={RUNTIME_THEME}>
      <AntApp>
        <NotifierBridge />
        {children}
      </AntApp>
    </ConfigProvider>
  );
}

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <I18nProvider>
        <Themed>
          <BrowserRouter>
            <AuthProvider>
              <AppRoutes />
            </AuthProvider>
          </BrowserRouter>
        </Themed>
      </I18nProvider>
    </QueryClientProvider>
  </StrictMode>,
);
