import { useState } from 'react';

/** In the account menu: asks for the browser's permission, from this click and never on page load. */
export function NotificationsMenuItem() {
  const supported = typeof Notification !== 'undefined';
  const [permission, setPermission] = useState(supported ? Notification.permission : 'denied');
  if (!supported) return null;
  if (permission === 'granted') {
    return (
      <span role="menuitem" aria-disabled="true" className="user-menu-item user-menu-note">
        Desktop notifications on
      </span>
    );
  }
  return (
    <button
      role="menuitem"
      className="user-menu-item"
      disabled={permission === 'denied'}
      onClick={() => void Notification.requestPermission().then(setPermission)}
    >
      {permission === 'denied' ? 'Notifications blocked in this browser' : 'Enable desktop notifications'}
    </button>
  );
}
