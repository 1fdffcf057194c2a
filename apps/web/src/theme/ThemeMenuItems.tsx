import { useTheme } from './use-theme';

/** The theme entries of the account menu: a dark-mode switch, and a way back to following the OS. */
export function ThemeMenuItems() {
  const { theme, followsSystem, setTheme } = useTheme();
  const dark = theme === 'dark';
  return (
    <>
      <button
        role="menuitemcheckbox"
        aria-checked={dark}
        className="user-menu-item theme-toggle"
        onClick={() => setTheme(dark ? 'light' : 'dark')}
      >
        <span>Dark mode</span>
        <span className="theme-switch" aria-hidden="true" />
      </button>
      <button role="menuitemcheckbox" aria-checked={followsSystem} className="user-menu-item" onClick={() => setTheme(null)}>
        Match system theme
      </button>
    </>
  );
}
