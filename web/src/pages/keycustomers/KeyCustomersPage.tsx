/** KeyCustomersPage (to be written). */
export default function KeyCustomersPage() {
  return <div>KeyCustomersPage</div>;
}
