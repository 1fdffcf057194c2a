import EmojiPicker from 'emoji-picker-react';
import { useTheme } from '../theme/use-theme';

interface Props {
  onPick(emoji: string): void;
}

/**
 * emoji-picker-react with its bundled data and native glyphs (no CDN images). Its own module so the
 * composer can load it on first use: the picker and its data are most of an emoji feature's weight.
 */
export function EmojiPickerPanel({ onPick }: Props) {
  const { theme } = useTheme();
  return (
    <EmojiPicker
      className="emoji-picker"
      colorScheme={theme}
      autoFocusSearch
      lazyLoadEmojis
      width={340}
      height={400}
      previewConfig={{ showPreview: false }}
      onEmojiClick={(data) => onPick(data.emoji)}
    />
  );
}
