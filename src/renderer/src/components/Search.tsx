// The search box stays whole: field, operator help, tag completion and results share one keyboard model.
import { useEffect, useRef, useState } from 'preact/hooks';
import { useLatest } from '../hooks/useLatest.js';
import type { SearchState } from '../hooks/useSearch.js';
import { useApp } from '../lib/context.js';
import { formatDate, splitByRanges } from '../lib/format.js';
import { applyTag, tagSuggestions, tagTokenAt, type TagToken } from '../lib/tag-completion.js';
import { Icon } from './Icon.js';

export function Highlighted(props: { text: string; ranges: ReadonlyArray<readonly [number, number]> }) {
  return (
    <>
      {splitByRanges(props.text, props.ranges).map((p, i) =>
        p.mark ? <mark key={i}>{p.text}</mark> : p.text,
      )}
    </>
  );
}

const OPERATORS: Array<[string, 'search.opPhrase' | 'search.opExclude' | 'search.opTitle' | 'search.opTag' | 'search.opSite' | 'search.opLang' | 'search.opIs' | 'search.opDate' | 'search.opPrefix' | 'search.opFuzzy']> = [
  ['"dân vận"', 'search.opPhrase'],
  ['-covid', 'search.opExclude'],
  ['title:vận', 'search.opTitle'],
  ['tag:news/vn  tag:"du lịch"', 'search.opTag'],
  ['site:nhandan.vn', 'search.opSite'],
  ['lang:vi', 'search.opLang'],
  ['is:unread  is:archived  is:favorite  is:annotated', 'search.opIs'],
  ['after:2026-12  before:2027  after:2026-12-03', 'search.opDate'],
  ['chính*', 'search.opPrefix'],
  ['hanoi~1', 'search.opFuzzy'],
]; // prettier-ignore

/**
 * The search field: typing never waits for the archive (the query runs debounced in useSearch); the field
 * offers recent and saved searches when empty and focused, the archive's tag names while a `tag:` value is
 * typed (quoted when they hold a space), and a help popover of the operators.
 */
export function SearchBox(props: {
  value: string;
  /** `typing` false: a recent or saved search was picked (it keeps its exact meaning). */
  onInput(value: string, typing?: boolean): void;
  onSubmit(): void;
  inputRef: { current: HTMLInputElement | null };
  onArrowDown(): void;
  tagNames: readonly string[];
}) {
  const { t, settings, setSetting } = useApp();
  const [focused, setFocused] = useState(false);
  const [help, setHelp] = useState(false);
  const [token, setToken] = useState<TagToken | null>(null);
  const [active, setActive] = useState(0);
  const tags = token && focused ? tagSuggestions(props.tagNames, token.typed) : [];
  const findToken = (el: HTMLInputElement) => {
    const next = tagTokenAt(el.value, el.selectionStart ?? el.value.length);
    setToken(next);
    if (next?.start !== token?.start || next?.typed !== token?.typed) setActive(0);
  };
  const chooseTag = (name: string) => {
    const el = props.inputRef.current;
    if (!token || !el) return;
    const next = applyTag(props.value, token, name);
    props.onInput(next.text);
    setToken(null);
    requestAnimationFrame(() => el.setSelectionRange(next.caret, next.caret));
  };
  const wrapRef = useRef<HTMLDivElement>(null);
  const helpRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!help) return;
    const onDown = (e: MouseEvent) => {
      if (wrapRef.current && !wrapRef.current.contains(e.target as Node)) setHelp(false);
    };
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, [help]);

  const showSuggestions =
    focused && !help && props.value === '' && (settings.recent.length > 0 || settings.saved.length > 0);

  const run = (q: string) => {
    props.onInput(q, false);
    setFocused(false);
  };

  return (
    <div class="search" ref={wrapRef} role="search">
      <Icon name="search" size={16} />
      <input
        ref={props.inputRef}
        type="search"
        id="search-input"
        aria-label={t('search.label')}
        placeholder={t('search.placeholder')}
        enterKeyHint="search"
        value={props.value}
        autoComplete="off"
        spellcheck={false}
        aria-autocomplete="list"
        aria-controls={tags.length > 0 ? 'search-tags' : undefined}
        aria-activedescendant={tags.length > 0 ? `search-tag-${active}` : undefined}
        onInput={(e) => {
          const el = e.currentTarget as HTMLInputElement;
          props.onInput(el.value);
          findToken(el);
        }}
        onClick={(e) => findToken(e.currentTarget as HTMLInputElement)}
        onFocus={() => setFocused(true)}
        onBlur={() => setTimeout(() => setFocused(false), 150)}
        onKeyDown={(e) => {
          if (tags.length > 0 && ['ArrowDown', 'ArrowUp', 'Enter', 'Tab', 'Escape'].includes(e.key)) {
            e.preventDefault();
            e.stopPropagation();
            if (e.key === 'ArrowDown') setActive((active + 1) % tags.length);
            else if (e.key === 'ArrowUp') setActive((active + tags.length - 1) % tags.length);
            else if (e.key === 'Escape') setToken(null);
            else chooseTag(tags[Math.min(active, tags.length - 1)]!);
            return;
          }
          if (e.key === 'Enter') {
            e.preventDefault();
            props.onSubmit();
          } else if (e.key === 'ArrowDown') {
            e.preventDefault();
            props.onArrowDown();
          } else if (e.key === 'Escape') {
            e.preventDefault();
            e.stopPropagation();
            if (help) setHelp(false);
            else if (props.value) props.onInput('');
            else (e.currentTarget as HTMLInputElement).blur();
          }
        }}
      />
      {props.value ? null : (
        <kbd class="search-kbd" aria-hidden="true">
          /
        </kbd>
      )}
      <button
        type="button"
        class="icon-btn search-help-btn"
        aria-label={t('search.help')}
        title={t('search.help')}
        aria-expanded={help}
        aria-controls="search-help"
        onClick={() => setHelp(!help)}
      >
        <Icon name="help" size={16} />
      </button>
      {help ? (
        <div
          class="popover search-help"
          id="search-help"
          ref={helpRef}
          role="region"
          aria-label={t('search.helpTitle')}
        >
          <h2>{t('search.helpTitle')}</h2>
          <dl>
            {OPERATORS.map(([code, key]) => (
              <div key={key}>
                <dt>
                  <code>{code}</code>
                </dt>
                <dd>{t(key)}</dd>
              </div>
            ))}
          </dl>
          <p class="muted">{t('search.opAccents')}</p>
        </div>
      ) : null}
      {tags.length > 0 ? (
        <ul
          class="popover search-suggest search-tags"
          id="search-tags"
          role="listbox"
          aria-label={t('search.tagSuggest')}
        >
          {tags.map((name, i) => (
            <li
              key={name}
              id={`search-tag-${i}`}
              role="option"
              aria-selected={i === active}
              class={i === active ? 'is-active' : undefined}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => chooseTag(name)}
            >
              <Icon name="tag" size={14} /> {name}
            </li>
          ))}
        </ul>
      ) : null}
      {showSuggestions ? (
        <div class="popover search-suggest" id="search-suggest">
          {settings.recent.length ? (
            <section aria-label={t('search.recent')}>
              <div class="suggest-head">
                <h2>{t('search.recent')}</h2>
                <button
                  type="button"
                  class="link-btn"
                  onMouseDown={(e) => e.preventDefault()}
                  onClick={() => setSetting('recent', [])}
                >
                  {t('search.clearRecent')}
                </button>
              </div>
              <ul>
                {settings.recent.map((q) => (
                  <li key={q}>
                    <button type="button" onMouseDown={(e) => e.preventDefault()} onClick={() => run(q)}>
                      {q}
                    </button>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          {settings.saved.length ? (
            <section aria-label={t('search.savedList')}>
              <h2>{t('search.savedList')}</h2>
              <ul>
                {settings.saved.map((s) => (
                  <li key={s.name}>
                    <button
                      type="button"
                      onMouseDown={(e) => e.preventDefault()}
                      onClick={() => run(s.query)}
                    >
                      <strong>{s.name}</strong> <span class="muted">{s.query}</span>
                    </button>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}

export function SearchResults(props: {
  state: SearchState;
  cursor: number;
  openId: number | null;
  onOpen(index: number): void;
  onMove(index: number): void;
  onMore(): void;
  /** The query is not a saved search yet. */
  canSave: boolean;
  onSave(): void;
  onClear(): void;
  /** Runs the query as typed, without corrections. */
  onSearchInstead(): void;
  /** Puts the corrected query in the search field. */
  onUseCorrected(query: string): void;
  listRef?: { current: HTMLDivElement | null };
}) {
  const { t, lang } = useApp();
  const { state } = props;
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (props.listRef) props.listRef.current = ref.current;
  });
  // Scroll when the cursor moves, not when more hits arrive (the reader may be scrolled to "more").
  const hits = useLatest(state.hits);
  useEffect(() => {
    const el = ref.current?.querySelector(`#hit-${hits.current[props.cursor]?.id ?? 0}`);
    el?.scrollIntoView({ block: 'nearest' });
  }, [props.cursor, hits]);

  const cursorHit = state.hits[props.cursor];
  return (
    <div class="results">
      <div class="results-head" aria-live="polite">
        {state.error ? (
          <p class="inline-error" role="alert">
            {t('search.badQuery', { message: state.error })}
          </p>
        ) : (
          <>
            <span class="results-count">
              {state.status === 'loading' && state.hits.length === 0
                ? t('search.searching')
                : t('search.results', { n: state.total })}
              {state.status === 'done' ? (
                <span class="muted"> · {t('search.took', { ms: Math.round(state.took) })}</span>
              ) : null}
            </span>
            {props.canSave && state.total > 0 ? (
              <button type="button" class="btn btn-small" onClick={props.onSave}>
                <Icon name="bookmark" size={14} /> {t('search.save')}
              </button>
            ) : null}
          </>
        )}
      </div>
      {state.corrected && !state.exact ? (
        <Corrected
          corrected={state.corrected}
          onUse={props.onUseCorrected}
          onInstead={props.onSearchInstead}
        />
      ) : null}
      {state.status === 'done' && state.total === 0 && !state.error ? (
        <div class="empty">
          <h2>{t(/["“”]/.test(state.query) ? 'search.noneQuoted' : 'search.none', { q: state.query })}</h2>
          <p>{t('search.tips')}</p>
          <button type="button" class="btn" onClick={props.onClear}>
            {t('search.clear')}
          </button>
        </div>
      ) : (
        <div
          ref={ref}
          class="results-scroll"
          role="listbox"
          tabIndex={0}
          aria-label={t('search.resultsFor', { q: state.query })}
          aria-activedescendant={cursorHit ? `hit-${cursorHit.id}` : undefined}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
              e.preventDefault();
              const next = props.cursor + (e.key === 'ArrowDown' ? 1 : -1);
              props.onMove(Math.max(0, Math.min(state.hits.length - 1, next)));
            } else if (e.key === 'Enter' && props.cursor >= 0) {
              e.preventDefault();
              e.stopPropagation();
              props.onOpen(props.cursor);
            }
          }}
        >
          {state.hits.map((hit, i) => (
            <div
              key={hit.id}
              id={`hit-${hit.id}`}
              role="option"
              aria-selected={i === props.cursor}
              class={`hit${i === props.cursor ? ' is-cursor' : ''}${hit.id === props.openId ? ' is-open' : ''}${hit.corrected ? ' is-corrected' : ''}`}
              title={hit.corrected ? t('search.correctedHit') : undefined}
              onClick={() => props.onOpen(i)}
            >
              <div class="hit-title">
                <Highlighted text={hit.title} ranges={hit.title_highlights} />
              </div>
              <div class="row-meta">
                {[hit.site, formatDate(hit.published_at ?? hit.saved_at, lang)].filter(Boolean).join(' · ')}
                {hit.tags.slice(0, 3).map((tag) => (
                  <span class="chip chip-small" key={tag}>
                    {tag}
                  </span>
                ))}
              </div>
              <p class={`hit-snippet${hit.snippet_from === 'note' ? ' is-note' : ''}`}>
                {hit.snippet_from === 'note' ? <span class="hit-from">{t('search.inNote')}</span> : null}
                <Highlighted text={hit.snippet} ranges={hit.highlights} />
              </p>
            </div>
          ))}
          {state.hits.length < state.total ? (
            <div class="results-more">
              <button type="button" class="btn" onClick={props.onMore} disabled={state.status === 'loading'}>
                {t('search.more')}
              </button>
            </div>
          ) : null}
        </div>
      )}
    </div>
  );
}

/** "Showing results for the worst *recession* — search instead for *recesion*": corrected words in italics. */
function Corrected(props: {
  corrected: NonNullable<SearchState['corrected']>;
  onUse(query: string): void;
  onInstead(): void;
}) {
  const { t } = useApp();
  const query = props.corrected.query.trim();
  const from = props.corrected.from.trim();
  const { words } = props.corrected;
  const fixed = new Set(words.flatMap((w) => w.to.toLowerCase().split(' ')));
  const typos = new Set(words.map((w) => w.from.toLowerCase()));
  const emphasise = (text: string, marked: Set<string>) =>
    text.split(/(\s+)/u).map((part, i) => (marked.has(part.toLowerCase()) ? <em key={i}>{part}</em> : part));
  return (
    <p class="search-corrected" role="status">
      {t('search.showingFor')}{' '}
      <button type="button" class="link-btn" onClick={() => props.onUse(query)}>
        {emphasise(query, fixed)}
      </button>{' '}
      — {t('search.insteadFor')}{' '}
      <button type="button" class="link-btn" onClick={props.onInstead}>
        {emphasise(from, typos)}
      </button>
    </p>
  );
}
