/** OpportunityPage (to be written). */
export default function OpportunityPage() {
  return <div>OpportunityPage</div>;
}
