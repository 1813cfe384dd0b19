/** ForecastPage (to be written). */
export default function ForecastPage() {
  return <div>ForecastPage</div>;
}
