/** Lets code outside React components (query caches) show antd messages with the app's theme and locale. */
import type { MessageInstance } from "antd/es/message/interface";
import type { NotificationInstance } from "antd/es/notification/interface";

interface Notifier {
  message: MessageInstance;
  notification: NotificationInstance;
}
let current: Notifier | null = null;

export function setNotifier(n: Notifier): void {
  current = n;
}

export const notifier = () => current;
