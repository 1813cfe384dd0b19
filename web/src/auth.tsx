/** Who is signed in: loaded from /auth/me at start, set by the login form, cleared on 401 or sign-out. */
import { useQueryClient } from "@tanstack/react-query";
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from "react";
import { api, ApiError, onUnauthenticated, setCsrfToken } from "./api/client";
import type { Locale, User } from "./api/types";
import { bootMe } from "./api/me";
import { normaliseLocale, useI18n } from "./i18n";

interface Auth {
  user: User | null;
  /** true until /auth/me has answered */
  loading: boolean;
  login(email: string, password: string): Promise<User>;
  logout(): Promise<void>;
  switchLocale(l: Locale): Promise<void>;
}

const Ctx = createContext<Auth | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null>(null);
  const [loading, setLoading] = useState(true);
  const { setLocale } = useI18n();
  const qc = useQueryClient();

  const accept = useCallback(
    (u: User | null, csrf: string | null) => {
      setCsrfToken(csrf);
      setUser(u);
      if (u?.locale) setLocale(normaliseLocale(u.locale));
    },
    [setLocale],
  );

  useEffect(() => {
    let live = true;
    bootMe()
      .then((r) => {
        if (live) accept(r.user, r.csrfToken);
      })
      .finally(() => {
        if (live) setLoading(false);
      });
    return () => {
      live = false;
    };
  }, [accept]);

  useEffect(
    () =>
      onUnauthenticated(() => {
        setUser(null);
        qc.clear();
      }),
    [qc],
  );

  const value = useMemo<Auth>(
    () => ({
      user,
      loading,
      async login(email, password) {
        const r = await api.post<{ user: User; csrfToken: string }>("/auth/login", { email, password });
        qc.clear();
        accept(r.user, r.csrfToken);
        return r.user;
      },
      async logout() {
        await api.post("/auth/logout").catch(() => undefined);
        qc.clear();
        accept(null, null);
      },
      async switchLocale(l) {
        setLocale(l);
        if (!user) return;
        try {
          const r = await api.patch<{ user?: User } | User>("/auth/me", { locale: l });
          const next = r && "user" in r && r.user ? r.user : { ...user, locale: l };
          setUser(next);
        } catch (e) {
          if (!(e instanceof ApiError)) throw e;
          setUser({ ...user, locale: l }); // remembered in this browser at least
        }
      },
    }),
    [user, loading, accept, qc, setLocale],
  );
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useAuth(): Auth {
  const v = useContext(Ctx);
  if (!v) throw new Error("useAuth outside AuthProvider");
  return v;
}

/** The signed-in user (pages under the shell only render once there is one). */
export function useUser(): User {
  const { user } = useAuth();
  if (!user) throw new Error("no signed-in user");
  return user;
}
