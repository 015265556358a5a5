import { useRef, useState } from 'preact/hooks';
import { useApp } from '../lib/context.js';
import { completeTag, sameTag } from '../lib/tag-match.js';

let inputCount = 0;

/**
 * A tag field with a completion list (ARIA combobox): suggestions match without case or diacritics,
 * ↑/↓ move, Enter or a click picks the highlighted one (the first, unless moved), and "Create …" is
 * offered when what is typed is not a tag yet. A comma-separated list is taken as typed.
 */
export function TagInput(props: {
  allTags: readonly string[];
  /** Tags not to suggest (those the article already has). */
  exclude?: readonly string[];
  value: string;
  onValue(value: string): void;
  /** A tag was chosen (or several, comma separated, typed). */
  onPick(value: string): void;
  /** Offer "Create …" for a new name (off when only existing tags make sense, as for a filter). */
  allowCreate?: boolean;
  label: string;
  placeholder?: string;
  class?: string;
  inputRef?: { current: HTMLInputElement | null };
  onEscape?(): void;
}) {
  const { t } = useApp();
  const [id] = useState(() => `tag-input-${++inputCount}`);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const ownRef = useRef<HTMLInputElement | null>(null);
  const typed = props.value.trim();
  let listed = typed.includes(',') ? [] : completeTag(props.allTags, typed, props.exclude);
  // Exactly what is typed and nothing else: there is nothing to choose.
  if (listed.length === 1 && sameTag(listed[0] ?? '', typed)) listed = [];
  const exists = props.allTags.some((tag) => sameTag(tag, typed));
  const options: Array<{ value: string; create: boolean }> = listed.map((value) => ({
    value,
    create: false,
  }));
  // "Create …" only beside suggestions: alone it would say what Enter does anyway, and cover what is below.
  if (listed.length && typed && !exists && props.allowCreate !== false)
    options.push({ value: typed, create: true });
  const shown = open && options.length > 0;
  const current = Math.min(active, options.length - 1);

  const pick = (value: string) => {
    setOpen(false);
    setActive(0);
    props.onPick(value);
  };

  return (
    <div class={`combo${props.class ? ` ${props.class}` : ''}`}>
      <input
        ref={(el) => {
          ownRef.current = el;
          if (props.inputRef) props.inputRef.current = el;
        }}
        type="text"
        role="combobox"
        aria-label={props.label}
        aria-autocomplete="list"
        aria-expanded={shown}
        aria-controls={`${id}-list`}
        aria-activedescendant={shown ? `${id}-opt-${current}` : undefined}
        autoComplete="off"
        value={props.value}
        placeholder={props.placeholder}
        onInput={(e) => {
          props.onValue((e.currentTarget as HTMLInputElement).value);
          setOpen(true);
          setActive(0);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
            e.preventDefault();
            if (!shown) return setOpen(true);
            const step = e.key === 'ArrowDown' ? 1 : -1;
            setActive((current + step + options.length) % options.length);
          } else if (e.key === 'Enter') {
            const option = shown ? options[current] : undefined;
            if (option) {
              e.preventDefault();
              pick(option.value);
            }
          } else if (e.key === 'Escape') {
            e.stopPropagation();
            if (shown) setOpen(false);
            else props.onEscape?.();
          }
        }}
      />
      {shown ? (
        <ul class="combo-list" id={`${id}-list`} role="listbox" aria-label={props.label}>
          {options.map((o, i) => (
            <li
              key={`${o.create}-${o.value}`}
              id={`${id}-opt-${i}`}
              role="option"
              aria-selected={i === current}
              class={`combo-option${i === current ? ' is-active' : ''}${o.create ? ' is-create' : ''}`}
              onMouseDown={(e) => e.preventDefault()}
              onMouseEnter={() => setActive(i)}
              onClick={() => pick(o.value)}
            >
              {o.create ? t('tag.create', { name: o.value }) : o.value}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
