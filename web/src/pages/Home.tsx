/** Home (to be written). */
export default function Home() {
  return <div>Home</div>;
}
