/** The routes, the login gate and the shell (side menu, language switch, sign-out). */
import {
  ApartmentOutlined,
  AuditOutlined,
  InboxOutlined,
  KeyOutlined,
  AimOutlined,
  AppstoreOutlined,
  BarChartOutlined,
  CrownOutlined,
  FundOutlined,
  HomeOutlined,
  ImportOutlined,
  LogoutOutlined,
  SettingOutlined,
  TeamOutlined,
  TranslationOutlined,
} from "@ant-design/icons";
import { PieChartOutlined, ShoppingOutlined } from "@ant-design/icons";
import { Button, Grid, Layout, Menu, Space, Spin, Tag, Typography } from "antd";
import { lazy, type ReactNode, Suspense, useEffect, useState } from "react";
import { Navigate, Route, Routes, useLocation, useNavigate } from "react-router";
import { useAuth, useUser } from "./auth";
import { bootPageLoaded, bootPageReady, routePage } from "./boot";
import { useI18n } from "./i18n";
import { NoAccess } from "./components/NoAccess";
import { LoginPage } from "./pages/Login";
import { loadOrgCurrency, SetupPage, useNeedsSetup } from "./pages/import/SetupPage";

loadOrgCurrency();
import { NotificationBell } from "./components/NotificationBell";
import { CalendarOutlined } from "@ant-design/icons";
import { AccountBookOutlined } from "@ant-design/icons";
import { RiseOutlined } from "@ant-design/icons";
import { GlobalSearch } from "./components/GlobalSearch";
import { useTableA11y } from "./components/useTableA11y";
import { MergeCellsOutlined } from "@ant-design/icons";
import { BarsOutlined, LeftOutlined, RightOutlined } from "@ant-design/icons";

const HomePage = routePage("/");
const BoardPage = routePage("/board");
const OpportunityPage = routePage("/opportunities");
const CustomersPage = routePage("/customers");
const CustomerPage = lazy(() => import("./pages/customer/CustomerPage"));
const FunnelPage = routePage("/funnel");
const PlanningPage = routePage("/planning");
const ForecastPage = routePage("/forecast");
const KeyCustomersPage = routePage("/key-customers");
const ImportPage = routePage("/import");
const SettingsPage = routePage("/settings");
const PoolsPage = lazy(() => import("./pages/pools/PoolsPage"));
const OrgPage = lazy(() => import("./pages/org/OrgPage"));
const TokensPage = lazy(() => import("./pages/org/TokensPage"));
const AuditPage = lazy(() => import("./pages/org/AuditPage"));
const CalendarPage = lazy(() => import("./pages/calendar/CalendarPage"));
const CashPage = lazy(() => import("./pages/cash/CashPage"));
const ValuePage = lazy(() => import("./pages/value/ValuePage"));
const DuplicatesPage = lazy(() => import("./pages/duplicates/DuplicatesPage"));
const ProductsPage = lazy(() => import("./pages/products/ProductsPage"));
const ProductReportPage = lazy(() => import("./pages/products/ProductReportPage"));

/** Whether the code of the page the app started on is in (boot.ts), so the first screen does not suspend on it. */
function useBootPage(): boolean {
  const [ready, setReady] = useState(bootPageReady);
  useEffect(() => {
    if (!ready) void bootPageLoaded().then(() => setReady(true));
  }, [ready]);
  return ready;
}

export function AppRoutes() {
  const { user, loading } = useAuth();
  const location = useLocation();
  const pageReady = useBootPage();
  if (loading || (user && !pageReady))
    return (
      <div style={{ padding: 80, textAlign: "center" }}>
        <Spin size="large" />
      </div>
    );
  if (!user) {
    if (location.pathname !== "/login") return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
    return <FirstRunOrLogin />;
  }
  return (
    <Shell>
      <Suspense
        fallback={
          <div style={{ padding: 60, textAlign: "center" }}>
            <Spin />
          </div>
        }
      >
        <Routes>
          <Route path="/" element={<HomePage />} />
          <Route path="/login" element={<AfterLogin />} />
          <Route path="/board" element={<BoardPage />} />
          <Route path="/opportunities/:id" element={<OpportunityPage />} />
          <Route path="/customers" element={<CustomersPage />} />
          <Route path="/customers/:id" element={<CustomerPage />} />
          <Route path="/funnel" element={<FunnelPage />} />
          <Route path="/planning" element={<PlanningPage />} />
          <Route path="/forecast" element={<ForecastPage />} />
          <Route path="/key-customers" element={<KeyCustomersPage />} />
          <Route path="/import" element={user.role === "rep" ? <NoAccess need="manager" /> : <ImportPage />} />
          <Route path="/settings" element={user.role === "admin" ? <SettingsPage /> : <NoAccess need="admin" />} />
          <Route path="/pools" element={<PoolsPage />} />
          <Route path="/organisation" element={<OrgPage />} />
          <Route path="/tokens" element={<TokensPage />} />
          <Route path="/audit" element={<AuditPage />} />
          <Route path="/calendar" element={<CalendarPage />} />
          <Route path="/cash" element={<CashPage />} />
          <Route path="/value" element={<ValuePage />} />
          <Route path="/duplicates" element={<DuplicatesPage />} />
          <Route path="/products" element={<ProductsPage />} />
          <Route path="/product-report" element={<ProductReportPage />} />
          <Route path="*" element={<Navigate to="/" replace />} />
        </Routes>
      </Suspense>
    </Shell>
  );
}

/** After signing in, go back to the page that asked for it. */
/** The first-run page while the database has no users, else the sign-in form. */
function FirstRunOrLogin() {
  const info = useNeedsSetup();
  if (!info)
    return (
      <div style={{ padding: 80, textAlign: "center" }}>
        <Spin size="large" />
      </div>
    );
  return info.needsSetup ? <SetupPage info={info} /> : <LoginPage />;
}

function AfterLogin() {
  const next = new URLSearchParams(useLocation().search).get("next");
  return <Navigate to={next && next.startsWith("/") && !next.startsWith("/login") && !next.startsWith("//") ? next : "/"} replace />;
}

function Shell({ children }: { children: ReactNode }) {
  const user = useUser();
  const { logout, switchLocale } = useAuth();
  const { t, locale } = useI18n();
  const navigate = useNavigate();
  const location = useLocation();
  const screens = Grid.useBreakpoint();
  const phone = screens.md === false;
  const [collapsed, setCollapsed] = useState(false);
  useTableA11y();
  const items = [
    { key: "/", icon: <HomeOutlined />, label: t("nav.home") },
    { key: "/board", icon: <AppstoreOutlined />, label: t("nav.board") },
    { key: "/customers", icon: <TeamOutlined />, label: t("nav.customers") },
    { key: "/calendar", icon: <CalendarOutlined />, label: t("nav.calendar") },
    { key: "/pools", icon: <InboxOutlined />, label: t("nav.pools") },
    { key: "/duplicates", icon: <MergeCellsOutlined />, label: t("nav.duplicates") },
    { key: "/funnel", icon: <FundOutlined />, label: t("nav.funnel") },
    { key: "/planning", icon: <AimOutlined />, label: t("nav.planning") },
    { key: "/forecast", icon: <BarChartOutlined />, label: t("nav.forecast") },
    { key: "/cash", icon: <AccountBookOutlined />, label: t("nav.cash") },
    { key: "/key-customers", icon: <CrownOutlined />, label: t("nav.keyCustomers") },
    { key: "/value", icon: <RiseOutlined />, label: t("nav.value") },
    { key: "/products", icon: <ShoppingOutlined />, label: t("nav.products") },
    { key: "/product-report", icon: <PieChartOutlined />, label: t("nav.productReport") },
    ...(user.role !== "rep" ? [{ key: "/import", icon: <ImportOutlined />, label: t("nav.import") }] : []),
    ...(user.role === "admin" ? [{ key: "/settings", icon: <SettingOutlined />, label: t("nav.settings") }] : []),
    { key: "/organisation", icon: <ApartmentOutlined />, label: t("nav.organisation") },
    ...(user.role !== "rep" ? [{ key: "/audit", icon: <AuditOutlined />, label: t("nav.audit") }] : []),
    { key: "/tokens", icon: <KeyOutlined />, label: t("nav.tokens") },
  ];
  const selected = items
    .map((i) => i.key)
    .filter((k) => (k === "/" ? location.pathname === "/" : location.pathname.startsWith(k)))
    .concat(location.pathname.startsWith("/opportunities") ? ["/board"] : []);
  return (
    <Layout style={{ minHeight: "100vh" }}>
      <Layout.Sider
        collapsible
        collapsed={collapsed}
        onCollapse={setCollapsed}
        width={200}
        breakpoint="lg"
        collapsedWidth={phone ? 0 : 80}
        // on a phone the menu opens from a button in the header: Ant Design's zero-width tab hangs outside the
        // sider's box, where the sider's scrolling clips it
        trigger={
          phone ? null : (
            // a real button, so the keyboard reaches it (antd's own trigger is a clickable span or div)
            <button
              type="button"
              className="jd-sider-toggle"
              aria-label={t(collapsed ? "nav.openMenu" : "nav.closeMenu")}
              aria-expanded={!collapsed}
              data-testid="menu-toggle"
            >
              {collapsed ? <RightOutlined /> : <LeftOutlined />}
            </button>
          )
        }
        className={phone ? "jd-sider-phone" : undefined}
        style={{ position: phone ? "fixed" : "sticky", top: 0, height: "100vh", overflow: "auto", zIndex: 20 }}
      >
        <div className="jd-logo">
          <span className="bean" />
          {collapsed ? "" : t("app.name")}
        </div>
        <nav aria-label={t("nav.main")}>
          <Menu
            theme="dark"
            mode="inline"
            selectedKeys={selected}
            items={items}
            onClick={(e) => {
              navigate(e.key);
              if (phone) setCollapsed(true);
            }}
          />
        </nav>
      </Layout.Sider>
      <Layout>
        <Layout.Header className="jd-header">
          {phone ? (
            <Space size={4} className="jd-header-title">
              <Button
                icon={<BarsOutlined />}
                aria-label={t(collapsed ? "nav.openMenu" : "nav.closeMenu")}
                aria-expanded={!collapsed}
                onClick={() => setCollapsed(!collapsed)}
                data-testid="nav-toggle"
              />
              <Typography.Text strong>{t("app.name")}</Typography.Text>
            </Space>
          ) : (
            <Typography.Text type="secondary" className="jd-tagline">
              {t("app.tagline")}
            </Typography.Text>
          )}
          <Space size={phone ? 4 : "middle"} className="jd-header-actions">
            <GlobalSearch compact={phone} />
            <NotificationBell />
            <span data-testid="whoami" className="jd-whoami">
              {phone ? "" : user.name} <Tag>{t(`role.${user.role}`)}</Tag>
            </span>
            <Button
              icon={<TranslationOutlined />}
              onClick={() => void switchLocale(locale === "en" ? "zh-CN" : "en")}
              data-testid="lang-switch"
              aria-label={t("nav.language")}
            >
              {phone ? null : t("nav.language")}
            </Button>
            <Button icon={<LogoutOutlined />} onClick={() => void logout().then(() => navigate("/login"))} aria-label={t("nav.logout")} data-testid="logout">
              {phone ? null : t("nav.logout")}
            </Button>
          </Space>
        </Layout.Header>
        <Layout.Content className="jd-content">{children}</Layout.Content>
      </Layout>
    </Layout>
  );
}
