/** Home per role (placeholder until written). */
import { useUser } from "../auth";
export default function Home() {
  const user = useUser();
  const who = user.role === "admin" ? "director" : user.role;
  return <div data-testid={`home-${who}`}>home</div>;
}
