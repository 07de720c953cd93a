/**
 * Images with known text, for OCR challenges and tests: lines of text laid out in an SVG and
 * rasterised by sharp (librsvg) with an installed font.
 */
import sharp from 'sharp';

export interface TextLine {
  text: string;
  /** Font size in pixels. */
  size: number;
}

export interface RenderTextOptions {
  /** Default: wide enough for the longest line in a monospace font (0.65 em per character). */
  width?: number;
  /** A font family fontconfig knows (`fc-list`); default DejaVu Sans. */
  font?: string;
  format?: 'png' | 'jpeg';
}

export async function renderText(
  lines: readonly TextLine[],
  options: RenderTextOptions = {},
): Promise<Buffer> {
  const { font = 'DejaVu Sans', format = 'png' } = options;
  const width =
    options.width ??
    Math.ceil(48 + Math.max(0, ...lines.map(({ text, size }) => [...text].length * size * 0.65)));
  let y = 20;
  const elements = lines.map(({ text, size }) => {
    y += Math.round(size * 1.6);
    return `<text x="24" y="${y}" font-family="${escapeXml(font)}" font-size="${size}" fill="#111">${escapeXml(text)}</text>`;
  });
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${y + 30}">` +
    `<rect width="100%" height="100%" fill="#fafafa"/>${elements.join('')}</svg>`;
  return sharp(Buffer.from(svg)).toFormat(format).toBuffer();
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
