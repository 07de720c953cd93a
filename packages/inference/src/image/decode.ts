/**
 * Any image sharp reads (JPEG, PNG, WebP, GIF, AVIF, TIFF, SVG…) → raw RGB pixels, the input of
 * image pipelines. EXIF orientation is applied and alpha dropped, as a viewer shows the image.
 */
import sharp, { type Metadata } from 'sharp';
import { errorMessage, InferenceError } from '../errors';

/** Interleaved 8-bit pixels, row by row (the layout of transformers.js's `RawImage`). */
export interface DecodedImage {
  data: Uint8ClampedArray;
  width: number;
  height: number;
  channels: 1 | 3;
}

export interface DecodeImageOptions {
  /** Largest image accepted, in pixels (width × height); default 40 million. */
  maxPixels?: number;
  /** Greyscale instead of RGB. */
  grey?: boolean;
  label?: string;
}

export async function decodeImage(
  source: string | Uint8Array,
  options: DecodeImageOptions = {},
): Promise<DecodedImage> {
  const { maxPixels = 40_000_000, grey = false } = options;
  const label = options.label ?? (typeof source === 'string' ? source : 'image input');
  if (typeof source !== 'string' && source.length === 0) {
    throw new InferenceError('EmptyInput', `${label} is empty (0 bytes): give the bytes of an image file.`, {
      label,
    });
  }
  const input =
    typeof source === 'string' ? source : Buffer.from(source.buffer, source.byteOffset, source.length);
  let metadata: Metadata;
  try {
    // Header only: the size is checked before any pixel is decoded.
    metadata = await sharp(input, { limitInputPixels: false }).metadata();
  } catch (error) {
    throw invalidImage(label, error);
  }
  const pixels = (metadata.width ?? 0) * (metadata.height ?? 0);
  if (pixels > maxPixels) {
    throw new InferenceError(
      'InputTooLarge',
      `${label} is ${metadata.width}×${metadata.height} (${pixels} pixels), over the ${maxPixels}-pixel limit: scale it down first.`,
      { label, width: metadata.width, height: metadata.height, maxPixels },
    );
  }
  try {
    let image = sharp(input, { limitInputPixels: maxPixels }).rotate().removeAlpha();
    image = grey ? image.greyscale().toColourspace('b-w') : image.toColourspace('srgb');
    const { data, info } = await image.raw().toBuffer({ resolveWithObject: true });
    return {
      data: new Uint8ClampedArray(data.buffer, data.byteOffset, data.length),
      width: info.width,
      height: info.height,
      channels: info.channels as 1 | 3,
    };
  } catch (error) {
    throw invalidImage(label, error);
  }
}

/**
 * One input of an image task — a file path, the bytes of an image file, or pixels already
 * decoded — as pixels; bytes are named by their position (`image input 2`) in errors.
 */
export function decodeImageInput(
  input: string | Uint8Array | DecodedImage,
  index: number,
  maxPixels?: number,
): Promise<DecodedImage> | DecodedImage {
  if (typeof input !== 'string' && !(input instanceof Uint8Array)) return input;
  return decodeImage(input, {
    label: typeof input === 'string' ? input : `image input ${index}`,
    ...(maxPixels === undefined ? {} : { maxPixels }),
  });
}

function invalidImage(label: string, error: unknown): InferenceError {
  return new InferenceError(
    'InvalidImage',
    `Could not decode ${label} as an image (sharp: ${errorMessage(error)}). Give a JPEG, PNG, WebP, GIF, AVIF, TIFF or SVG file.`,
    { label },
    { cause: error },
  );
}
