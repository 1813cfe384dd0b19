/**
 * The Ant Design theme: Jindou's gold, darkened so white text on it and it as text on white or light grey reach the
 * WCAG AA contrast of 4.5:1 (the menu selection, primary buttons, active tabs), and text colours likewise (secondary
 * and tertiary text, links, errors). Ratios on white / on #f5f5f5 are in the comments.
 */
import type { ThemeConfig } from "antd";

export const GOLD = "#945e0b"; // 5.43 / 4.98 (was #c8871a: 3.03 / 2.78)

/**
 * A preset Tag's text is its colour's shade 7 on shade 1 (green-7 on green-1): for these colours shade 7 is under 4.5:1,
 * so a darker shade of the same colour takes its place (ratio on shade 1 / on white; was).
 */
const TAG_SHADE7: Record<string, string> = {
  orange: "#ad4e00", // orange-8: 5.09 / 5.43 (3.34)
  green: "#237804", // green-8: 5.44 / 5.59 (3.37)
  gold: "#874d00", // gold-9: 6.53 / 6.79 (2.76; gold-8 is 4.25)
  yellow: "#876800", // yellow-9: 5.15 / 5.24 (2.05)
  cyan: "#006d75", // cyan-8: 5.82 / 6.10 (3.39)
  lime: "#3f6600", // lime-9: 6.62 / 6.75 (2.48; lime-8 is 3.96)
  volcano: "#ad2102", // volcano-8: 6.38 / 7.01 (4.37)
};
/**
 * Ant Design keeps each palette under two names, green7 and the legacy green-7, and both become the one CSS variable
 * --ant-green-7; the legacy name is written last, so a theme that sets only green7 changes nothing on screen. Both are set.
 */
const TAG_TEXT = Object.fromEntries(
  Object.entries(TAG_SHADE7).flatMap(([c, v]) => [
    [`${c}7`, v],
    [`${c}-7`, v],
  ]),
);

export const theme: ThemeConfig = {
  token: {
    colorPrimary: GOLD,
    colorLink: "#0958d9", // 6.16 / 5.65 (antd's #1677ff: 4.1)
    colorError: "#cf1322", // 5.57 / 5.11 (antd's #ff4d4f: 3.26)
    colorTextSecondary: "rgba(0, 0, 0, 0.6)", // #666: 5.74 / 5.27 (antd's 0.45: 3.36)
    colorTextTertiary: "rgba(0, 0, 0, 0.6)",
    colorTextDescription: "rgba(0, 0, 0, 0.6)",
    colorTextPlaceholder: "rgba(0, 0, 0, 0.56)", // #707070: 4.95 (antd's 0.25: 1.83); a Select's placeholder is text axe measures
    ...TAG_TEXT,
    borderRadius: 6,
    fontSize: 14,
  },
  // Table writes its "no data" line in the disabled colour (1.83): there it is text to read (List's: web/src/styles.css)
  components: { Table: { colorTextDisabled: "rgba(0, 0, 0, 0.6)" } },
};

/**
 * The theme as the build and the app both use it: the build renders every component's styles with it into
 * web/src/generated/antd.css (web/build/antd-css.ts) and main.tsx runs it with zeroRuntime; hashed: false and a
 * fixed cssVar key make the class names the same in both places.
 */
export const THEME: ThemeConfig = { ...theme, hashed: false, cssVar: { key: "jd" } };
