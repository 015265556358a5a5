import { noteHtml } from '../lib/markdown.js';

/** A highlight's note, its Markdown rendered (and sanitised) wherever notes are shown. */
export function NoteText(props: { text: string; class?: string }) {
  return (
    <div
      class={`note-md${props.class ? ` ${props.class}` : ''}`}
      // noteHtml sanitises with an allowlist: no script, no attributes but href/title.
      dangerouslySetInnerHTML={{ __html: noteHtml(props.text) }}
    />
  );
}
