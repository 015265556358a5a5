// Renders resources/icon.svg, the one drawing of Kho's icon, into every format the installers need:
//   resources/build/icons/<N>x<N>.png  Linux (hicolor sizes, also the window icon)
//   resources/build/icon.icns          macOS
//   resources/build/icon.ico           Windows (installer and executable)
// electron-builder would otherwise fetch an icon tool to convert them; with these in place it converts nothing.
// Run after changing the drawing: node scripts/make-icons.mjs (the output is committed).
import { Resvg } from '@resvg/resvg-js';
import png2icons from 'png2icons';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const svg = readFileSync(path.join(root, 'resources', 'icon.svg'));
const out = path.join(root, 'resources', 'build');
export const PNG_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];

/** Each size is rendered from the vector drawing itself, so small sizes stay crisp. */
function render(size) {
  return new Resvg(svg, { fitTo: { mode: 'width', value: size } }).render().asPng();
}

rmSync(path.join(out, 'icons'), { recursive: true, force: true });
mkdirSync(path.join(out, 'icons'), { recursive: true });
for (const size of PNG_SIZES) writeFileSync(path.join(out, 'icons', `${size}x${size}.png`), render(size));

// png2icons scales the largest rendering down for the sizes inside .icns and .ico (lossless, no palette).
const master = render(1024);
const icns = png2icons.createICNS(master, png2icons.BICUBIC2, 0);
const ico = png2icons.createICO(master, png2icons.BICUBIC2, 0, false, true);
if (!icns || !ico) throw new Error('png2icons could not encode the icon.');
writeFileSync(path.join(out, 'icon.icns'), icns);
writeFileSync(path.join(out, 'icon.ico'), ico);
console.log(
  `Icons written to ${path.relative(root, out)}: ${PNG_SIZES.join(', ')} px PNGs, icon.icns, icon.ico`,
);
