import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodeImage } from './decode';

const solid = (format: 'png' | 'jpeg' | 'webp', width = 20, height = 10) =>
  sharp({ create: { width, height, channels: 4, background: { r: 250, g: 10, b: 20, alpha: 1 } } })
    .toFormat(format)
    .toBuffer();

describe('decodeImage', () => {
  it.each(['png', 'jpeg', 'webp'] as const)('decodes %s to RGB pixels', async (format) => {
    const image = await decodeImage(await solid(format));
    expect([image.width, image.height, image.channels]).toEqual([20, 10, 3]);
    expect(image.data.length).toBe(20 * 10 * 3);
    expect(image.data[0]).toBeGreaterThan(230);
    expect(image.data[1]).toBeLessThan(30);
  });

  it('decodes SVG and greyscale', async () => {
    const svg = Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="4"><rect width="8" height="4" fill="#fff"/></svg>',
    );
    const grey = await decodeImage(svg, { grey: true });
    expect([grey.width, grey.height, grey.channels]).toEqual([8, 4, 1]);
    expect(grey.data[0]).toBe(255);
  });

  it('says what is wrong with input that is not an image', async () => {
    await expect(
      decodeImage(Buffer.from('just some text, not pixels'), { label: 'photo.jpg' }),
    ).rejects.toMatchObject({
      code: 'InvalidImage',
      message: expect.stringContaining('Could not decode photo.jpg as an image'),
    });
    await expect(decodeImage(new Uint8Array(0))).rejects.toMatchObject({ code: 'EmptyInput' });
    await expect(decodeImage('/nonexistent/photo.png')).rejects.toMatchObject({ code: 'InvalidImage' });
  });

  it('refuses images over the pixel limit before decoding them', async () => {
    await expect(decodeImage(await solid('png', 200, 100), { maxPixels: 10_000 })).rejects.toMatchObject({
      code: 'InputTooLarge',
      message: expect.stringContaining('200×100'),
    });
  });
});
