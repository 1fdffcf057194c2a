import type { Readable } from 'node:stream';
import { LIMITS } from '@app/shared';
import sharp from 'sharp';

/** Raster types sharp reads and a browser shows inline; anything else gets no size and no thumbnail. */
export const PREVIEWABLE = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

/** Decoding stops beyond this many pixels (a decompression bomb is refused, not rendered). */
const MAX_INPUT_PIXELS = 50_000_000;

/** An image's size in pixels, as displayed (EXIF rotation applied); null when it cannot be decoded. */
export async function imageSize(source: Readable): Promise<{ width: number; height: number } | null> {
  try {
    const meta = await source.pipe(sharp({ limitInputPixels: MAX_INPUT_PIXELS })).metadata();
    if (!meta.width || !meta.height) return null;
    const turned = (meta.orientation ?? 1) >= 5;
    return turned ? { width: meta.height, height: meta.width } : { width: meta.width, height: meta.height };
  } catch {
    return null;
  }
}

/** A WebP at most LIMITS.thumbnailMaxPx a side, upright, never enlarged. */
export function thumbnailOf(source: Readable): Readable {
  const side = LIMITS.thumbnailMaxPx;
  return source.pipe(
    sharp({ limitInputPixels: MAX_INPUT_PIXELS }).rotate().resize(side, side, { fit: 'inside', withoutEnlargement: true }).webp({ quality: 80 }),
  );
}
