/** CustomerPage (to be written). */
export default function CustomerPage() {
  return <div>CustomerPage</div>;
}
