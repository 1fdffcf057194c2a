import { useEffect, useRef, useState } from 'react';
import { NotificationsMenuItem } from '../notifications/NotificationsMenuItem';
import { ThemeMenuItems } from '../theme/ThemeMenuItems';
import { Avatar } from '../ui/Avatar';

/** My avatar at the foot of the rail; opens a small menu so signing out is never one stray click. */
export function UserMenu({ username, onSignOut }: { username: string; onSignOut(): void }) {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => ref.current?.contains(e.target as Node) || setOpen(false);
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && setOpen(false);
    document.addEventListener('mousedown', close);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('mousedown', close);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  return (
    <div className="rail-me" ref={ref}>
      <button className="rail-me-button" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
        <Avatar name={username} size="md" />
        <span className="visually-hidden">Account</span>
      </button>
      {open && (
        <div className="user-menu" role="menu">
          <div className="user-menu-head">
            <Avatar name={username} size="lg" />
            <div>
              <strong>{username}</strong>
              <span className="user-menu-status">
                <i /> Active
              </span>
            </div>
          </div>
          <ThemeMenuItems />
          <NotificationsMenuItem />
          <button role="menuitem" className="user-menu-item" onClick={onSignOut}>
            Sign out
          </button>
        </div>
      )}
    </div>
  );
}
