/**
 * The Ant Design theme, shared by the app (main.tsx, which runs it with zeroRuntime: no style computed in the
 * browser) and the build (web/build/antd-css.ts, which renders every component's styles with it into one CSS file).
 * hashed: false and a fixed cssVar key make the class names the same in both places.
 */
export const THEME = {
  hashed: false,
  cssVar: { key: "jd" },
  token: { colorPrimary: "#c8871a", borderRadius: 6, fontSize: 14 },
};
