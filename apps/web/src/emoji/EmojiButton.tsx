import { lazy, Suspense, useEffect, useRef, useState, type ReactNode } from 'react';

// Loaded on first open: the picker and its emoji data stay out of the page's first bundle.
const EmojiPickerPanel = lazy(() => import('./EmojiPickerPanel').then((m) => ({ default: m.EmojiPickerPanel })));

interface Props {
  onPick(emoji: string): void;
  /** The button's accessible name; default "Add emoji" (the composer's). */
  label?: string;
  /** The button's look; default the composer's tool button. */
  className?: string;
  /** What the button shows; default ☺. */
  children?: ReactNode;
}

/** An emoji button and its picker popover (the composer's, and each message's "Add reaction"); Escape or a click outside closes it. */
export function EmojiButton({ onPick, label = 'Add emoji', className = 'composer-tool', children }: Props) {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    const onMouseDown = (e: MouseEvent) => ref.current?.contains(e.target as Node) || setOpen(false);
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      setOpen(false);
      button.current?.focus();
    };
    document.addEventListener('mousedown', onMouseDown);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('mousedown', onMouseDown);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  return (
    <div className="emoji-button" ref={ref}>
      <button
        ref={button}
        type="button"
        className={className}
        aria-label={label}
        aria-haspopup="dialog"
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
      >
        {children ?? <span aria-hidden="true">☺</span>}
      </button>
      {open && (
        <div className="emoji-popover" role="dialog" aria-label="Emoji picker">
          <Suspense fallback={<p className="emoji-loading muted">Loading emoji…</p>}>
            <EmojiPickerPanel
              onPick={(emoji) => {
                setOpen(false);
                onPick(emoji);
              }}
            />
          </Suspense>
        </div>
      )}
    </div>
  );
}
