import { mkdirSync, readFileSync, readdirSync, existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { MenuItemConstructorOptions } from 'electron';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { Menu, app, dialog, mock, shell } from './mocks/electron.js';
import { makeTempDir } from '../helpers/paths.js';
import { named, startedHost } from './support.js';
import { installMenu, menuTemplate, type MenuActions, type MenuOptions } from '../../src/main/menu.js';
import { menuActions } from '../../src/main/menu-actions.js';
import { mainStrings } from '../../src/main/strings.js';
import type { KhoEvent } from '../../src/shared/events.js';
import type { ArchiveHost } from '../../src/core/host/client.js';

vi.mock('electron', () => import('./mocks/electron.js'));

/** The application menu per platform, the updater item only in packaged builds, and what the items do. */

type Item = MenuItemConstructorOptions;

function recorder(withUpdates = true): { actions: MenuActions; done: string[] } {
  const done: string[] = [];
  return {
    done,
    actions: {
      command: (c) => done.push(`command:${c}`),
      setTheme: (t) => done.push(`theme:${t}`),
      importFolder: () => done.push('importFolder'),
      importExportFile: () => done.push('importExportFile'),
      exportArchive: (f) => done.push(`export:${f}`),
      openLogsFolder: () => done.push('logs'),
      showAbout: () => done.push('about'),
      ...(withUpdates ? { checkForUpdates: () => done.push('updates') } : {}),
    },
  };
}

function template(over: Partial<MenuOptions> = {}, withUpdates = true) {
  const { actions, done } = recorder(withUpdates);
  const menu = menuTemplate({
    platform: 'linux',
    appName: 'Kho',
    isPackaged: true,
    locale: 'en-US',
    actions,
    ...over,
  });
  return { menu, done };
}

const submenu = (item: Item | undefined): Item[] => (item?.submenu as Item[] | undefined) ?? [];
const byLabel = (items: Item[], label: string): Item => {
  const found = items.find((i) => i.label === label);
  if (!found) throw new Error(`No item "${label}" in ${items.map((i) => i.label ?? i.role).join(', ')}`);
  return found;
};
const click = (item: Item) => (item.click as () => void)();
const roles = (items: Item[]) => items.map((i) => i.role).filter(Boolean);

describe('menu layout', () => {
  it('macOS: the app menu comes first with its standard roles; Close sits in File', () => {
    const { menu } = template({ platform: 'darwin' });
    expect(menu.map((m) => m.label)).toEqual(['Kho', 'File', 'Edit', 'View', 'Window', 'Help']);
    const appMenu = submenu(menu[0]);
    expect(roles(appMenu)).toEqual(['about', 'services', 'hide', 'hideOthers', 'unhide', 'quit']);
    expect(appMenu.map((i) => i.label).filter(Boolean)).toEqual(['Check for updates…', 'Settings…']);
    const file = submenu(menu[1]);
    expect(roles(file)).toEqual(['close']);
    expect(file.find((i) => i.label === 'Settings…')).toBeUndefined();
    expect(submenu(menu[5]).find((i) => i.label === 'About Kho')).toBeUndefined();
  });

  it.each(['win32', 'linux'] as const)('%s: Settings and Quit in File, About in Help', (platform) => {
    const { menu } = template({ platform });
    expect(menu.map((m) => m.label)).toEqual(['File', 'Edit', 'View', 'Window', 'Help']);
    const file = submenu(menu[0]);
    expect(file.map((i) => i.label ?? i.role ?? i.type)).toEqual([
      'Add…',
      'Import files…',
      'Import folder…',
      'Import from Pocket, Instapaper, Omnivore…',
      'separator',
      'Export…',
      'Export',
      'separator',
      'Settings…',
      'separator',
      'quit',
    ]);
    const help = submenu(menu[4]);
    expect(help.map((i) => i.label).filter(Boolean)).toEqual([
      'Keyboard shortcuts',
      'Open logs folder',
      'Check for updates…',
      'About Kho',
    ]);
  });

  it('Edit, View (zoom, theme) and Window follow the platform roles', () => {
    const { menu } = template();
    expect(roles(submenu(menu[1]))).toEqual(['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll']);
    const view = submenu(menu[2]);
    expect(roles(view)).toEqual(['resetZoom', 'zoomIn', 'zoomOut', 'togglefullscreen']);
    expect(submenu(byLabel(view, 'Theme')).map((i) => i.label)).toEqual([
      'Same as the system',
      'Light',
      'Dark',
      'Sepia',
    ]);
    expect(menu[3]?.role).toBe('windowMenu');
    expect(menu[4]?.role).toBe('help');
  });

  it('the page keeps its own Ctrl+K; the menu only shows it', () => {
    const { menu } = template();
    const find = byLabel(submenu(menu[1]), 'Search the archive');
    expect(find).toMatchObject({ accelerator: 'CmdOrCtrl+K', registerAccelerator: false });
    expect(byLabel(submenu(menu[0]), 'Add…').accelerator).toBe('CmdOrCtrl+N');
  });

  it('speaks Vietnamese on a Vietnamese system', () => {
    const { menu } = template({ locale: 'vi-VN' });
    expect(menu.map((m) => m.label)).toEqual(['Tệp', 'Sửa', 'Xem', 'Cửa sổ', 'Trợ giúp']);
    expect(byLabel(submenu(menu[0]), 'Nhập thư mục…')).toBeDefined();
  });
});

describe('development builds', () => {
  it('leave the updater out, even when one is wired, and add developer tools', () => {
    for (const platform of ['darwin', 'win32', 'linux'] as const) {
      const { menu } = template({ platform, isPackaged: false });
      const all = JSON.stringify(
        menu.map((m) => ({ label: m.label, items: submenu(m).map((i) => i.label) })),
      );
      expect(all, platform).not.toContain('Check for updates');
      expect(roles(submenu(menu.find((m) => m.label === 'View')))).toContain('toggleDevTools');
    }
  });

  it('packaged builds show the updater only when one is wired, and no developer tools', () => {
    const without = template({}, false).menu;
    expect(JSON.stringify(without.map((m) => submenu(m).map((i) => i.label)))).not.toContain(
      'Check for updates',
    );
    const { menu, done } = template();
    click(byLabel(submenu(menu[4]), 'Check for updates…'));
    expect(done).toEqual(['updates']);
    expect(roles(submenu(menu[2]))).not.toContain('toggleDevTools');
  });
});

describe('menu items', () => {
  it('call their actions', () => {
    const { menu, done } = template();
    const file = submenu(menu[0]);
    click(byLabel(file, 'Add…'));
    click(byLabel(file, 'Import files…'));
    click(byLabel(file, 'Import folder…'));
    click(byLabel(file, 'Import from Pocket, Instapaper, Omnivore…'));
    click(byLabel(file, 'Export…'));
    for (const item of submenu(byLabel(file, 'Export'))) click(item);
    click(byLabel(file, 'Settings…'));
    click(byLabel(submenu(menu[1]), 'Search the archive'));
    click(byLabel(submenu(byLabel(submenu(menu[2]), 'Theme')), 'Dark'));
    for (const item of submenu(menu[4]).filter((i) => i.click)) click(item);
    expect(done).toEqual([
      'command:add',
      'command:import',
      'importFolder',
      'importExportFile',
      'command:export',
      'export:md',
      'export:obsidian',
      'export:jsonld',
      'export:csv',
      'export:readwise-csv',
      'export:html',
      'export:epub',
      'command:settings',
      'command:find',
      'theme:dark',
      'command:shortcuts',
      'logs',
      'updates',
      'about',
    ]);
  });

  it('installMenu sets the application menu', () => {
    mock.reset();
    installMenu({
      platform: 'linux',
      appName: 'Kho',
      isPackaged: false,
      locale: 'en',
      actions: recorder().actions,
    });
    expect((Menu.application?.template as Item[]).map((m) => m.label)).toEqual([
      'File',
      'Edit',
      'View',
      'Window',
      'Help',
    ]);
  });
});

describe('menu actions against the real archive', () => {
  const tmp = makeTempDir('kho-menu-');
  let host: ArchiveHost;
  let hostEvents: KhoEvent[];
  const sent: KhoEvent[] = [];
  const logs: string[] = [];
  let actions: ReturnType<typeof menuActions>;

  beforeAll(async () => {
    const started = startedHost(path.join(tmp.dir, 'archive'));
    host = started.host;
    hostEvents = started.events;
    await host.start();
    actions = menuActions({
      archive: host,
      window: () => null,
      logsDir: path.join(tmp.dir, 'logs'),
      strings: mainStrings('en').dialogs,
      log: (m) => logs.push(m),
    });
  });
  beforeEach(() => {
    mock.reset();
    sent.length = 0;
  });
  afterAll(async () => {
    await host.close();
    mock.killChildren();
    tmp.cleanup();
  });

  it('sends window commands as app.command events', () => {
    const withWindow = menuActions({
      archive: host,
      window: () => ({ win: {} as never, send: (e) => sent.push(e) }),
      logsDir: tmp.dir,
      strings: mainStrings('en').dialogs,
      log: () => undefined,
    });
    withWindow.command('add');
    withWindow.setTheme('sepia');
    expect(sent).toEqual([
      { name: 'app.command', payload: { command: 'add' } },
      { name: 'app.command', payload: { command: 'theme', theme: 'sepia' } },
    ]);
  });

  it('imports the folder picked in the native dialog, with progress events and a summary', async () => {
    const folder = path.join(tmp.dir, 'ghi-chep');
    mkdirSync(folder);
    writeFileSync(path.join(folder, 'mot.md'), '# Một\n\nBài thứ nhất về công tác dân vận ở Bến Tre.\n');
    writeFileSync(path.join(folder, 'hai.txt'), 'Hai\n\nBài thứ hai, viết không dấu: dan van chinh quyen.\n');
    writeFileSync(path.join(folder, 'rong.md'), '');
    dialog.showOpenDialog.mockImplementation(async () => ({ canceled: false, filePaths: [folder] }));
    await actions.importFolder();
    const summary = dialog.showMessageBox.mock.calls.at(-1)![0] as { message: string; detail?: string };
    expect(summary.message).toBe('Saved 2 new articles, refreshed 0; 1 file could not be saved.');
    expect(summary.detail).toMatch(/rong\.md: /);
    expect(named(hostEvents, 'job.progress').some((j) => j.kind === 'import' && j.state === 'done')).toBe(
      true,
    );
    const list = (await host.call('articles.list', {})) as { total: number };
    expect(list.total).toBe(2);
  });

  it('does nothing when the folder dialog is cancelled', async () => {
    dialog.showOpenDialog.mockImplementation(async () => ({ canceled: true, filePaths: [] }));
    await actions.importFolder();
    expect(dialog.showMessageBox).not.toHaveBeenCalled();
  });

  it('imports the export file picked in the native dialog and sums it up', async () => {
    const csv = path.join(tmp.dir, 'pocket.csv');
    writeFileSync(
      csv,
      'title,url,time_added,tags,status\n' +
        'Đà Nẵng mùa mưa,https://example.invalid/da-nang,1700000000,du lịch|việt nam,unread\n' +
        'Broken row,not a web address,1700000000,,unread\n',
    );
    dialog.showOpenDialog.mockImplementation(async () => ({ canceled: false, filePaths: [csv] }));
    await actions.importExportFile();
    const summary = dialog.showMessageBox.mock.calls.at(-1)![0] as { message: string; detail?: string };
    expect(summary.message).toBe(
      'Imported 1 article (0 already in Kho); 1 page will be fetched in the background; 1 entry could not be read.',
    );
    expect(summary.detail).toMatch(/row 3/);
    const list = (await host.call('articles.list', {})) as {
      items: Array<{ title: string; tags: string[] }>;
    };
    const saved = list.items.find((a) => a.title === 'Đà Nẵng mùa mưa');
    expect(saved?.tags.sort()).toEqual(['du lịch', 'việt nam']);
  });

  it('exports an Obsidian folder into the folder picked, and updates it in place the next time', async () => {
    const vault = path.join(tmp.dir, 'vault');
    mkdirSync(vault);
    dialog.showOpenDialog.mockImplementation(async () => ({ canceled: false, filePaths: [vault] }));
    await actions.exportArchive('obsidian');
    const first = dialog.showMessageBox.mock.calls.at(-1)![0] as { message: string };
    expect(first.message).toMatch(/^Wrote [1-9]\d* notes?, 0 unchanged\.$/);
    const files = readdirSync(vault).filter((f) => f.endsWith('.md'));
    expect(files.length).toBeGreaterThan(0);
    await actions.exportArchive('obsidian');
    const second = dialog.showMessageBox.mock.calls.at(-1)![0] as { message: string };
    expect(second.message).toBe(`Wrote 0 notes, ${files.length} unchanged.`);
    expect(readdirSync(vault).filter((f) => f.endsWith('.md'))).toEqual(files);
  });

  it('writes a binary export (EPUB) as bytes', async () => {
    const target = path.join(tmp.dir, 'kho.epub');
    dialog.showSaveDialog.mockImplementation(async () => ({ canceled: false, filePath: target }));
    await actions.exportArchive('epub');
    const bytes = readFileSync(target);
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    expect(bytes.subarray(30, 38).toString('latin1')).toBe('mimetype');
  });

  it('exports highlights to the file picked in the save dialog', async () => {
    const { items } = (await host.call('articles.list', {})) as {
      items: Array<{ id: number; title: string }>;
    };
    const article = items.find((a) => a.title === 'Một')!;
    await host.call('annotations.create', {
      article_id: article.id,
      quote: 'công tác dân vận',
      note: 'Ghi chú',
    });
    const target = path.join(tmp.dir, 'highlights.md');
    dialog.showSaveDialog.mockImplementation(async () => ({ canceled: false, filePath: target }));
    await actions.exportArchive('md');
    const options = dialog.showSaveDialog.mock.calls[0]![0] as { defaultPath: string };
    expect(options.defaultPath).toMatch(/\.md$/);
    const written = readFileSync(target, 'utf8');
    expect(written).toContain('công tác dân vận');
    expect(written).toContain('Ghi chú');
  });

  it('writes nothing when the save dialog is cancelled, and reports failures', async () => {
    const target = path.join(tmp.dir, 'never.csv');
    await actions.exportArchive('csv');
    expect(existsSync(target)).toBe(false);
    dialog.showSaveDialog.mockImplementation(async () => ({
      canceled: false,
      filePath: path.join(tmp.dir, 'no-such-folder', 'x.csv'),
    }));
    await actions.exportArchive('csv');
    const box = dialog.showMessageBox.mock.calls.at(-1)![0] as {
      type: string;
      message: string;
      detail: string;
    };
    expect(box).toMatchObject({ type: 'error', message: 'The export could not be written.' });
    expect(box.detail).toMatch(/ENOENT/);
    expect(logs.at(-1)).toMatch(/could not be written/);
  });

  it('opens the logs folder, creating it first', () => {
    actions.openLogsFolder();
    expect(existsSync(path.join(tmp.dir, 'logs'))).toBe(true);
    expect(shell.openPath).toHaveBeenCalledWith(path.join(tmp.dir, 'logs'));
    actions.showAbout();
    expect(app.showAboutPanel).toHaveBeenCalledTimes(1);
  });
});
