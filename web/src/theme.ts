/**
 * The Ant Design theme: Jindou's gold, darkened so white text on it and it as text on white or light grey reach the
 * WCAG AA contrast of 4.5:1 (the menu selection, primary buttons, active tabs), and text colours likewise (secondary
 * and tertiary text, links, errors). Ratios on white / on #f5f5f5 are in the comments.
 */
import type { ThemeConfig } from "antd";

export const GOLD = "#945e0b"; // 5.43 / 4.98 (was #c8871a: 3.03 / 2.78)

export const theme: ThemeConfig = {
  token: {
    colorPrimary: GOLD,
    colorLink: "#0958d9", // 6.16 / 5.65 (antd's #1677ff: 4.1)
    colorError: "#cf1322", // 5.57 / 5.11 (antd's #ff4d4f: 3.26)
    colorTextSecondary: "rgba(0, 0, 0, 0.6)", // #666: 5.74 / 5.27 (antd's 0.45: 3.36)
    colorTextTertiary: "rgba(0, 0, 0, 0.6)",
    colorTextDescription: "rgba(0, 0, 0, 0.6)",
    colorTextPlaceholder: "rgba(0, 0, 0, 0.56)", // #707070: 4.95 (antd's 0.25: 1.83); a Select's placeholder is text axe measures
    // a Tag's text is its colour's shade 7 on shade 1: these shades were under 4.5:1, so take a darker one
    orange7: "#ad4e00", // orange-8 on #fff7e6: 5.09 (was 3.33)
    green7: "#237804", // green-8 on #f6ffed: 5.44 (was 3.37)
    gold7: "#874d00", // gold-9 (gold-8 is 4.41 on white)
    cyan7: "#006d75", // cyan-8
    lime7: "#3f6600", // lime-9 (lime-8 is 4.04 on white)
    volcano7: "#ad2102", // volcano-8
    borderRadius: 6,
    fontSize: 14,
  },
  // List and Table write their "no data" line in the disabled colour (1.83): there it is text to read
  components: { List: { colorTextDisabled: "rgba(0, 0, 0, 0.6)" }, Table: { colorTextDisabled: "rgba(0, 0, 0, 0.6)" } },
};

/**
 * The theme as the build and the app both use it: the build renders every component's styles with it into
 * web/src/generated/antd.css (web/build/antd-css.ts) and main.tsx runs it with zeroRuntime; hashed: false and a
 * fixed cssVar key make the class names the same in both places.
 */
export const THEME: ThemeConfig = { ...theme, hashed: false, cssVar: { key: "jd" } };
