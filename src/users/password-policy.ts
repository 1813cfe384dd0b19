/**
 * Password rules after OWASP ASVS 2.1 / NIST 800-63B: at least 10 characters, at most 200, not a common password
 * (also once leading/trailing digits and symbols are stripped), not one short pattern repeated, not the e-mail.
 * No composition rules (they do not help). Pure.
 */
import { COMMON_PASSWORDS } from "./common-passwords";

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 200;

/** Why the password is refused, or null when it is acceptable. */
export function passwordProblem(password: string, context: { email?: string; name?: string } = {}): string | null {
  if ([...password].length < PASSWORD_MIN) return `password needs at least ${PASSWORD_MIN} characters`;
  if (password.length > PASSWORD_MAX) return `password may have at most ${PASSWORD_MAX} characters`;
  const lower = password.normalize("NFKC").toLowerCase();
  const stripped = lower.replace(/^[\d\W_]+/u, "").replace(/[\d\W_]+$/u, "");
  const candidates = [lower, stripped, lower.replace(/[\d\W_]+$/u, ""), lower.replace(/^[\d\W_]+/u, "")];
  if (candidates.some((c) => COMMON_PASSWORDS.has(c))) return "this password is too common: choose a longer phrase of your own";
  if (/^(.{1,4})\1+$/su.test(lower)) return "this password is a short pattern repeated: choose a longer phrase of your own";
  const local = context.email?.toLowerCase().split("@")[0];
  const own = [context.email?.toLowerCase(), local, context.name?.toLowerCase()].filter((s): s is string => !!s && s.length >= 3);
  if (own.some((s) => stripped === s || lower === s)) return "the password may not be your e-mail or name";
  return null;
}
