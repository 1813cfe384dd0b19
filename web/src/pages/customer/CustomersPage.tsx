/** CustomersPage (to be written). */
export default function CustomersPage() {
  return <div>CustomersPage</div>;
}
