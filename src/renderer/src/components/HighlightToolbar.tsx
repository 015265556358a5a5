import { HIGHLIGHT_COLORS, type HighlightColorName } from '../../../shared/enums.js';
import { useApp } from '../lib/context.js';
import { Icon } from './Icon.js';

/** The toolbar over selected text: a swatch per colour, and a highlight with a note. */
export function HighlightToolbar(props: {
  x: number;
  y: number;
  /** Below the selection (touch screens), else above it. */
  below: boolean;
  onHighlight(color: HighlightColorName): void;
  onNote(): void;
}) {
  const { t } = useApp();
  return (
    <div
      class="hl-toolbar"
      role="toolbar"
      aria-label={t('hl.toolbar')}
      style={{ left: props.x, top: props.below ? props.y + 14 : Math.max(0, props.y - 52) }}
      // Keep the selection: pressing here (mouse or finger) would collapse it.
      onPointerDown={(e) => e.preventDefault()}
      onMouseDown={(e) => e.preventDefault()}
    >
      {HIGHLIGHT_COLORS.map((c) => (
        <button
          key={c}
          type="button"
          class={`swatch swatch-${c}`}
          aria-label={t('hl.with', { color: t(`hl.color.${c}`) })}
          title={t('hl.with', { color: t(`hl.color.${c}`) })}
          onClick={() => props.onHighlight(c)}
        />
      ))}
      <span class="hl-toolbar-sep" aria-hidden="true" />
      <button type="button" class="btn btn-small btn-ghost" title={t('hl.noteTitle')} onClick={props.onNote}>
        <Icon name="note" size={14} /> {t('hl.note')}
      </button>
    </div>
  );
}
