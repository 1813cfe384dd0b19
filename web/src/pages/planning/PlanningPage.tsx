/** PlanningPage (to be written). */
export default function PlanningPage() {
  return <div>PlanningPage</div>;
}
