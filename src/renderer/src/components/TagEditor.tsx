import { useState } from 'preact/hooks';
import { useApp } from '../lib/context.js';
import { parseTagList } from '../lib/format.js';
import { Icon } from './Icon.js';
import { TagInput } from './TagInput.js';

/**
 * Tags of an article as removable chips, plus a field that completes from the archive's tags
 * (Enter picks the highlighted suggestion; "a, b" adds both as typed).
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
  const add = (text: string) => {
    for (const n of parseTagList(text)) if (!props.tags.includes(n)) props.onAdd(n);
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
          add(value);
        }}
      >
        <TagInput
          allTags={props.allTags}
          exclude={props.tags}
          value={value}
          onValue={setValue}
          onPick={add}
          label={t('tag.add')}
          placeholder={t('tag.placeholder')}
          class="tag-input-wrap"
          inputRef={props.inputRef}
          onEscape={() => {
            setValue('');
            props.inputRef?.current?.blur();
          }}
        />
      </form>
    </div>
  );
}
