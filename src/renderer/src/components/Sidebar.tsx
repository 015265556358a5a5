import { useEffect, useRef, useState } from 'preact/hooks';
import { LIST_VIEWS } from '../../../shared/enums.js';
import type { Tag } from '../../../shared/schemas.js';
import type { MessageKey } from '../i18n/index.js';
import { useLatest } from '../hooks/useLatest.js';
import { useApp } from '../lib/context.js';
import { tagTree, type TagNode } from '../lib/format.js';
import type { SavedSearch } from '../lib/settings.js';
import { VIEW_LOOK, type Source, type ViewCounts } from '../lib/views.js';
import { Icon } from './Icon.js';

export type TagAction = 'rename' | 'merge' | 'delete';

export function Sidebar(props: {
  source: Source;
  searching: boolean;
  notebookOpen: boolean;
  /** Articles under each tag that has nested tags (its own and theirs, each once). */
  tagTotals: Readonly<Record<string, number>>;
  counts: ViewCounts;
  tags: readonly Tag[];
  saved: readonly SavedSearch[];
  onSource(source: Source): void;
  onNotebook(): void;
  onRunSaved(query: string): void;
  onRemoveSaved(name: string): void;
  onTagAction(action: TagAction, name: string, count: number, nested: boolean): void;
}) {
  const { t, lang } = useApp();
  const fmt = new Intl.NumberFormat(lang === 'vi' ? 'vi-VN' : 'en-US');
  const [menu, setMenu] = useState<{ node: TagNode; x: number; y: number } | null>(null);
  const tree = tagTree(props.tags);
  const active = (s: Source) =>
    !props.searching &&
    !props.notebookOpen &&
    (s.kind === 'view'
      ? props.source.kind === 'view' && props.source.view === s.view
      : props.source.kind === 'tag' && props.source.tag === s.tag);

  return (
    <nav class="sidebar" aria-label={t('nav.label')}>
      <ul class="nav-list">
        {LIST_VIEWS.map((view) => {
          const count = props.counts[view];
          const isActive = active({ kind: 'view', view });
          return (
            <li key={view}>
              <button
                type="button"
                class={`nav-item${isActive ? ' is-active' : ''}`}
                aria-current={isActive ? 'page' : undefined}
                onClick={() => props.onSource({ kind: 'view', view })}
              >
                <Icon name={VIEW_LOOK[view].icon} size={16} />
                <span class="nav-label">{t(VIEW_LOOK[view].label)}</span>
                {count !== undefined ? (
                  <span class="nav-count" aria-label={t('nav.count', { n: count })}>
                    {fmt.format(count)}
                  </span>
                ) : null}
              </button>
            </li>
          );
        })}
        <li>
          <button
            type="button"
            class={`nav-item${props.notebookOpen ? ' is-active' : ''}`}
            aria-current={props.notebookOpen ? 'page' : undefined}
            onClick={props.onNotebook}
          >
            <Icon name="notebook" size={16} />
            <span class="nav-label">{t('nav.notebook')}</span>
          </button>
        </li>
      </ul>

      <h2 class="nav-heading" id="nav-tags-heading">
        {t('nav.tags')}
      </h2>
      {tree.length === 0 ? (
        <p class="nav-empty">{t('nav.noTags')}</p>
      ) : (
        <ul class="nav-list tag-tree" aria-labelledby="nav-tags-heading">
          {tree.map((node) => (
            <TagItem
              key={node.path}
              node={node}
              depth={0}
              totals={props.tagTotals}
              isActive={(tag) => active({ kind: 'tag', tag })}
              onSelect={(tag) => props.onSource({ kind: 'tag', tag })}
              onMenu={(node, x, y) => setMenu({ node, x, y })}
            />
          ))}
        </ul>
      )}

      <h2 class="nav-heading" id="nav-saved-heading">
        {t('nav.saved')}
      </h2>
      {props.saved.length === 0 ? (
        <p class="nav-empty">{t('nav.noSaved')}</p>
      ) : (
        <ul class="nav-list" aria-labelledby="nav-saved-heading">
          {props.saved.map((s) => (
            <li key={s.name} class="nav-row">
              <button
                type="button"
                class="nav-item"
                title={s.query}
                onClick={() => props.onRunSaved(s.query)}
              >
                <Icon name="search" size={16} />
                <span class="nav-label">{s.name}</span>
              </button>
              <button
                type="button"
                class="icon-btn nav-action"
                aria-label={t('nav.removeSaved', { name: s.name })}
                title={t('nav.removeSaved', { name: s.name })}
                onClick={() => props.onRemoveSaved(s.name)}
              >
                <Icon name="close" size={14} />
              </button>
            </li>
          ))}
        </ul>
      )}
      {menu ? (
        <TagMenu
          name={menu.node.path}
          x={menu.x}
          y={menu.y}
          onClose={() => setMenu(null)}
          onAction={(action) => {
            setMenu(null);
            const { node } = menu;
            props.onTagAction(
              action,
              node.path,
              tagCount(node, props.tagTotals) ?? 0,
              node.children.length > 0,
            );
          }}
        />
      ) : null}
    </nav>
  );
}

/** What the sidebar counts for a tag: its own articles, or with nested tags, every article under it. */
function tagCount(node: TagNode, totals: Readonly<Record<string, number>>): number | undefined {
  if (node.children.length) return totals[node.path] ?? (node.exists ? node.count : undefined);
  return node.exists ? node.count : undefined;
}

function TagItem(props: {
  node: TagNode;
  depth: number;
  totals: Readonly<Record<string, number>>;
  isActive(tag: string): boolean;
  onSelect(tag: string): void;
  onMenu(node: TagNode, x: number, y: number): void;
}) {
  const { t } = useApp();
  const { node } = props;
  const [open, setOpen] = useState(true);
  const active = props.isActive(node.path);
  const hasChildren = node.children.length > 0;
  const count = tagCount(node, props.totals);
  return (
    <li>
      <div
        class="nav-row"
        style={{ paddingLeft: `${props.depth * 14}px` }}
        onContextMenu={(e) => {
          e.preventDefault();
          props.onMenu(node, e.clientX, e.clientY);
        }}
      >
        {hasChildren ? (
          <button
            type="button"
            class={`icon-btn tree-toggle${open ? ' is-open' : ''}`}
            aria-expanded={open}
            aria-label={t(open ? 'nav.collapse' : 'nav.expand', { name: node.path })}
            onClick={() => setOpen(!open)}
          >
            <Icon name="chevron" size={12} />
          </button>
        ) : (
          <span class="tree-spacer" />
        )}
        <button
          type="button"
          class={`nav-item${active ? ' is-active' : ''}`}
          aria-current={active ? 'page' : undefined}
          data-tag={node.path}
          onClick={() => props.onSelect(node.path)}
        >
          <Icon name="tag" size={14} />
          <span class="nav-label">{node.name}</span>
          {count !== undefined ? (
            <span class="nav-count" aria-label={t('nav.count', { n: count })}>
              {count}
            </span>
          ) : null}
        </button>
        <button
          type="button"
          class="icon-btn nav-action"
          aria-label={t('nav.tagMenu', { name: node.path })}
          title={t('nav.tagMenu', { name: node.path })}
          aria-haspopup="menu"
          onClick={(e) => {
            const r = (e.currentTarget as HTMLElement).getBoundingClientRect();
            props.onMenu(node, r.left, r.bottom);
          }}
        >
          <Icon name="more" size={14} />
        </button>
      </div>
      {hasChildren && open ? (
        <ul class="nav-list">
          {node.children.map((c) => (
            <TagItem key={c.path} {...props} node={c} depth={props.depth + 1} />
          ))}
        </ul>
      ) : null}
    </li>
  );
}

/** A small menu of tag actions (from the "…" button or a right click), keyboard operable. */
function TagMenu(props: {
  name: string;
  x: number;
  y: number;
  onClose(): void;
  onAction(a: TagAction): void;
}) {
  const { t } = useApp();
  const ref = useRef<HTMLDivElement>(null);
  const onClose = useLatest(props.onClose);
  // Set up once per opening: focus the first item, close on a click outside, give focus back on closing.
  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    ref.current?.querySelector<HTMLButtonElement>('button')?.focus();
    const onDown = (e: MouseEvent) => {
      if (ref.current && !ref.current.contains(e.target as Node)) onClose.current();
    };
    document.addEventListener('mousedown', onDown);
    return () => {
      document.removeEventListener('mousedown', onDown);
      if (previous && document.contains(previous)) previous.focus();
    };
  }, [onClose]);
  const items: Array<[TagAction, MessageKey]> = [
    ['rename', 'tag.rename'],
    ['merge', 'tag.merge'],
    ['delete', 'tag.delete'],
  ];
  return (
    <div
      ref={ref}
      class="menu"
      role="menu"
      aria-label={t('nav.tagMenu', { name: props.name })}
      style={{
        left: Math.min(props.x, window.innerWidth - 200),
        top: Math.min(props.y, window.innerHeight - 140),
      }}
      onKeyDown={(e) => {
        const buttons = [...(ref.current?.querySelectorAll<HTMLButtonElement>('button') ?? [])];
        const i = buttons.indexOf(document.activeElement as HTMLButtonElement);
        if (e.key === 'Escape') {
          e.stopPropagation();
          props.onClose();
        } else if (e.key === 'ArrowDown') {
          e.preventDefault();
          buttons[(i + 1) % buttons.length]?.focus();
        } else if (e.key === 'ArrowUp') {
          e.preventDefault();
          buttons[(i - 1 + buttons.length) % buttons.length]?.focus();
        } else if (e.key === 'Tab') {
          props.onClose();
        }
      }}
    >
      {items.map(([action, key]) => (
        <button
          type="button"
          role="menuitem"
          key={action}
          class={action === 'delete' ? 'is-danger' : ''}
          onClick={() => props.onAction(action)}
        >
          {t(key)}
        </button>
      ))}
    </div>
  );
}
