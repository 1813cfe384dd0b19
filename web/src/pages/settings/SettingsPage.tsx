/** SettingsPage (to be written). */
export default function SettingsPage() {
  return <div>SettingsPage</div>;
}
