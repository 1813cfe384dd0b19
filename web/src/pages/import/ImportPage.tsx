/** ImportPage (to be written). */
export default function ImportPage() {
  return <div>ImportPage</div>;
}
