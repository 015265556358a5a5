import { useApp } from '../lib/context.js';
import { Icon } from './Icon.js';
import { SearchBox } from './Search.js';

/** The bar across the window: the sidebar's menu button (narrow windows), the brand, search, Add and the help and settings buttons. */
export function TopBar(props: {
  sidebarOpen: boolean;
  onMenu(): void;
  query: string;
  searchRef: { current: HTMLInputElement | null };
  onQuery(query: string, typing?: boolean): void;
  /** Tag names for completion after tag: in the search field. */
  tagNames: readonly string[];
  onSearchSubmit(): void;
  onSearchArrowDown(): void;
  onAdd(): void;
  onShortcuts(): void;
  onSettings(): void;
  onExport(): void;
}) {
  const { t } = useApp();
  return (
    <header class="topbar">
      <button
        type="button"
        class="icon-btn menu-btn"
        aria-label={t('top.menu')}
        aria-expanded={props.sidebarOpen}
        onClick={props.onMenu}
      >
        <Icon name="menu" />
      </button>
      <div class="brand" aria-hidden="true">
        <span class="brand-mark">K</span>
        <span class="brand-name">{t('app.name')}</span>
      </div>
      <SearchBox
        value={props.query}
        inputRef={props.searchRef}
        onInput={props.onQuery}
        onSubmit={props.onSearchSubmit}
        onArrowDown={props.onSearchArrowDown}
        tagNames={props.tagNames}
      />
      <div class="topbar-actions">
        <button
          type="button"
          class="btn btn-primary"
          aria-label={t('top.add')}
          title={t('top.addTitle')}
          onClick={props.onAdd}
        >
          <Icon name="plus" size={16} /> <span class="btn-label">{t('top.add')}</span>
        </button>
        <button
          type="button"
          class="icon-btn export-btn"
          aria-label={t('top.export')}
          title={t('top.export')}
          onClick={props.onExport}
        >
          <Icon name="download" />
        </button>
        <button
          type="button"
          class="icon-btn kbd-btn"
          aria-label={t('top.shortcuts')}
          title={`${t('top.shortcuts')} (?)`}
          onClick={props.onShortcuts}
        >
          <Icon name="keyboard" />
        </button>
        <button
          type="button"
          class="icon-btn"
          aria-label={t('top.settings')}
          title={t('top.settings')}
          onClick={props.onSettings}
        >
          <Icon name="gear" />
        </button>
      </div>
    </header>
  );
}
