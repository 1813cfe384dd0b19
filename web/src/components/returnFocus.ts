/**
 * Focus back to where a drawer or dialog was opened from: the opener when it is still on screen, else a fallback
 * (a board card when its menu item is gone). The close is committed first (flushSync), so this works when the
 * caller unmounts the drawer as it closes (antd's own return runs at the end of the close animation, which then
 * never comes); for a few frames after, focus that fell to the page body (a closing focus trap) is put back.
 */
import { flushSync } from "react-dom";

const onScreen = (el: Element | null | undefined): el is HTMLElement =>
  el instanceof HTMLElement && el.isConnected && el !== document.body && el.getClientRects().length > 0;

/**
 * The element that has focus now (to pass to closeAndReturnFocus later), or null. A menu item is not an opener to
 * return to: its menu closes as the drawer opens (on a board card the card's menu button is the fallback).
 */
export const currentFocus = (): HTMLElement | null =>
  onScreen(document.activeElement) && !document.activeElement.closest("[role='menu']") ? document.activeElement : null;

export function closeAndReturnFocus(close: () => void, opener: HTMLElement | null, fallback?: () => Element | null | undefined): void {
  flushSync(close);
  const target = () => (onScreen(opener) ? opener : fallback?.());
  let frames = 0;
  const attempt = () => {
    const el = target();
    const lost = !document.activeElement || document.activeElement === document.body || !onScreen(document.activeElement);
    if (onScreen(el) && (frames === 0 || lost)) el.focus();
    if (++frames < 10) requestAnimationFrame(attempt);
  };
  attempt();
}
