import type { MessageKey } from '../i18n/index.js';
import { useApp } from '../lib/context.js';
import {
  FONT_SIZES,
  FONT_STACKS,
  LINE_HEIGHTS,
  LINE_WIDTHS,
  READING_FONTS,
  type ReadingFont,
  type Theme,
} from '../lib/settings.js';

const THEMES: Array<[Theme, MessageKey]> = [
  ['light', 'settings.themeLight'],
  ['sepia', 'settings.themeSepia'],
  ['dark', 'settings.themeDark'],
  ['system', 'settings.themeSystem'],
];

const FONT_LABELS: Record<ReadingFont, MessageKey> = {
  serif: 'settings.fontSerif',
  sans: 'settings.fontSans',
  'system-serif': 'settings.fontSystemSerif',
  'system-sans': 'settings.fontSystemSans',
};

function nearestIndex(values: readonly number[], v: number): number {
  let best = 0;
  values.forEach((x, i) => {
    if (Math.abs(x - v) < Math.abs((values[best] as number) - v)) best = i;
  });
  return best;
}

/** Theme and typography controls, shared by the reader's "Aa" popover and the settings dialog. */
export function DisplaySettings() {
  const { t, settings, setSetting } = useApp();
  const fs = nearestIndex(FONT_SIZES, settings.fontSize);
  const lw = nearestIndex(LINE_WIDTHS, settings.lineWidth);
  const lh = nearestIndex(LINE_HEIGHTS, settings.lineHeight);
  return (
    <div class="display-settings">
      <fieldset class="segmented">
        <legend>{t('settings.theme')}</legend>
        {THEMES.map(([value, key]) => (
          <label key={value} class={`seg seg-${value}${settings.theme === value ? ' is-checked' : ''}`}>
            <input
              type="radio"
              name="theme"
              value={value}
              checked={settings.theme === value}
              onChange={() => setSetting('theme', value)}
            />
            <span>{t(key)}</span>
          </label>
        ))}
      </fieldset>
      <label class="field field-inline">
        <span>{t('settings.font')}</span>
        <select
          value={settings.font}
          onChange={(e) => setSetting('font', (e.currentTarget as HTMLSelectElement).value as ReadingFont)}
        >
          {READING_FONTS.map((f) => (
            <option key={f} value={f} style={{ fontFamily: FONT_STACKS[f] }}>
              {t(FONT_LABELS[f])}
            </option>
          ))}
        </select>
      </label>
      <label class="range">
        <span>{t('settings.fontSize')}</span>
        <input
          type="range"
          min={0}
          max={FONT_SIZES.length - 1}
          step={1}
          value={fs}
          aria-valuetext={`${settings.fontSize}px`}
          onInput={(e) =>
            setSetting('fontSize', FONT_SIZES[Number((e.currentTarget as HTMLInputElement).value)] ?? 19)
          }
        />
        <output>{settings.fontSize}px</output>
      </label>
      <label class="range">
        <span>{t('settings.lineWidth')}</span>
        <input
          type="range"
          min={0}
          max={LINE_WIDTHS.length - 1}
          step={1}
          value={lw}
          aria-valuetext={`${settings.lineWidth}em`}
          onInput={(e) =>
            setSetting('lineWidth', LINE_WIDTHS[Number((e.currentTarget as HTMLInputElement).value)] ?? 42)
          }
        />
        <output>{settings.lineWidth}em</output>
      </label>
      <label class="range">
        <span>{t('settings.lineHeight')}</span>
        <input
          type="range"
          min={0}
          max={LINE_HEIGHTS.length - 1}
          step={1}
          value={lh}
          aria-valuetext={String(settings.lineHeight)}
          onInput={(e) =>
            setSetting('lineHeight', LINE_HEIGHTS[Number((e.currentTarget as HTMLInputElement).value)] ?? 1.7)
          }
        />
        <output>{settings.lineHeight}</output>
      </label>
    </div>
  );
}
