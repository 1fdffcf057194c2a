import { colorFor, initials } from './format';

interface Props {
  name: string;
  size?: 'sm' | 'md' | 'lg';
  square?: boolean;
}

export function Avatar({ name, size = 'md', square = true }: Props) {
  return (
    <span className={`avatar avatar-${size}${square ? '' : ' avatar-round'}`} style={{ background: colorFor(name) }} aria-hidden="true">
      {initials(name)}
    </span>
  );
}
