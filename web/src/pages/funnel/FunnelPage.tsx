/** FunnelPage (to be written). */
export default function FunnelPage() {
  return <div>FunnelPage</div>;
}
