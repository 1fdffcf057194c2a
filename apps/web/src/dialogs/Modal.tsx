import { createFocusTrap } from 'focus-trap';
import { useEffect, useLayoutEffect, useRef, type ReactNode } from 'react';

interface Props {
  title: string;
  onClose(): void;
  children: ReactNode;
  wide?: boolean;
}

/**
 * A centered dialog: Escape or a click on the backdrop closes it. Focus starts on its first field,
 * Tab stays inside (focus-trap), and focus goes back where it was when the dialog closes.
 */
export function Modal({ title, onClose, children, wide }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const close = useRef(onClose);
  useLayoutEffect(() => {
    close.current = onClose;
  });

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const trap = createFocusTrap(el, {
      initialFocus: () => el.querySelector<HTMLElement>('input, select, textarea') ?? el.querySelector<HTMLElement>('button') ?? el,
      fallbackFocus: el,
      returnFocusOnDeactivate: true,
      // Escape and outside clicks close through onClose, which unmounts the dialog (and ends the trap).
      escapeDeactivates: false,
      allowOutsideClick: true,
    });
    trap.activate();
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && close.current();
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
      trap.deactivate();
    };
  }, []);

  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className={`modal${wide ? ' modal-wide' : ''}`} role="dialog" aria-modal="true" aria-label={title} ref={ref} tabIndex={-1}>
        <header className="modal-header">
          <h2>{title}</h2>
          <button className="icon-button modal-close" aria-label="Close" onClick={onClose}>
            ×
          </button>
        </header>
        {children}
      </div>
    </div>
  );
}
