import { useState } from 'preact/hooks';
import { useApp } from '../lib/context.js';
import { Icon } from './Icon.js';

let editorCount = 0;

/**
 * Tags of an article as removable chips, plus an input with autocomplete from the archive's tags
 * (a native datalist, so it works with the keyboard and screen readers).
 */
export function TagEditor(props: {
  tags: readonly string[];
  allTags: readonly string[];
  onAdd(tag: string): void;
  onRemove(tag: string): void;
  inputRef?: { current: HTMLInputElement | null };
}) {
  const { t } = useApp();
  const [value, setValue] = useState('');
  const [listId] = useState(() => `tag-options-${++editorCount}`);
  const submit = () => {
    const names = value
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    for (const n of names) if (!props.tags.includes(n)) props.onAdd(n);
    setValue('');
  };
  return (
    <div class="tag-editor" role="group" aria-label={t('tag.label')}>
      {props.tags.map((tag) => (
        <span class="chip" key={tag}>
          <Icon name="tag" size={12} />
          {tag}
          <button
            type="button"
            class="chip-x"
            aria-label={t('tag.remove', { name: tag })}
            title={t('tag.remove', { name: tag })}
            onClick={() => props.onRemove(tag)}
          >
            <Icon name="close" size={12} />
          </button>
        </span>
      ))}
      <form
        class="tag-add"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <input
          ref={props.inputRef}
          type="text"
          class="tag-input"
          list={listId}
          value={value}
          placeholder={t('tag.placeholder')}
          aria-label={t('tag.add')}
          onInput={(e) => setValue((e.currentTarget as HTMLInputElement).value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.stopPropagation();
              setValue('');
              (e.currentTarget as HTMLInputElement).blur();
            }
          }}
        />
        <datalist id={listId}>
          {props.allTags
            .filter((n) => !props.tags.includes(n))
            .map((n) => (
              <option key={n} value={n} />
            ))}
        </datalist>
      </form>
    </div>
  );
}
