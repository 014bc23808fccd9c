import { assets } from '../../assets.js';

/**
 * DejaVu Sans (regular and bold), from the dejavu-fonts-ttf package, read through src/assets.ts: from
 * node_modules in the source tree, from the executable's assets once built (the `vendored` table).
 * It covers Latin and Cyrillic; pdfkit embeds only the glyphs a document uses.
 */
export const FONT_ASSETS = { regular: 'fonts/DejaVuSans.ttf', bold: 'fonts/DejaVuSans-Bold.ttf' } as const;

let loaded: { regular: Buffer; bold: Buffer } | undefined;

export function pdfFonts(): { regular: Buffer; bold: Buffer } {
  if (!loaded) {
    const regular = assets().read(FONT_ASSETS.regular);
    const bold = assets().read(FONT_ASSETS.bold);
    if (!regular || !bold) throw new Error('the PDF fonts are missing (fonts/DejaVuSans*.ttf)');
    loaded = { regular, bold };
  }
  return loaded;
}
