/**
 * The main process's own words (menu, native dialogs), in the two languages of the app. The OS locale picks
 * one, as it does for the window until the user chooses; roles' labels (Copy, Quit…) come from the OS.
 */
const en = {
  menu: {
    file: 'File',
    add: 'Add…',
    import: 'Import files…',
    importFolder: 'Import folder…',
    exportHighlights: 'Export highlights',
    markdown: 'Markdown (Obsidian)…',
    jsonld: 'W3C annotations (JSON-LD)…',
    csv: 'Spreadsheet (CSV)…',
    settings: 'Settings…',
    edit: 'Edit',
    find: 'Search the archive',
    view: 'View',
    theme: 'Theme',
    themes: { system: 'Same as the system', light: 'Light', dark: 'Dark', sepia: 'Sepia' },
    window: 'Window',
    help: 'Help',
    shortcuts: 'Keyboard shortcuts',
    logs: 'Open logs folder',
    updates: 'Check for updates…',
    about: 'About Kho',
  },
  dialogs: {
    importFolderTitle: 'Import a folder into Kho',
    imported: (imported: number, updated: number, failed: number) =>
      `Saved ${imported} new article${imported === 1 ? '' : 's'}, refreshed ${updated}` +
      (failed > 0 ? `; ${failed} file${failed === 1 ? '' : 's'} could not be saved.` : '.'),
    importFailed: 'The folder could not be imported.',
    exportTitle: 'Export highlights',
    exportFailed: 'The highlights could not be exported.',
    windowReloaded: "Kho's window stopped unexpectedly and was reloaded. Nothing you saved was lost.",
    windowGaveUp: "Kho's window stopped several times in a row. Restart Kho; your archive is safe.",
    cannotStart: 'Kho cannot open its archive.',
  },
};

const vi: typeof en = {
  menu: {
    file: 'Tệp',
    add: 'Thêm…',
    import: 'Nhập tệp…',
    importFolder: 'Nhập thư mục…',
    exportHighlights: 'Xuất các đoạn đánh dấu',
    markdown: 'Markdown (Obsidian)…',
    jsonld: 'Chú thích W3C (JSON-LD)…',
    csv: 'Bảng tính (CSV)…',
    settings: 'Cài đặt…',
    edit: 'Sửa',
    find: 'Tìm trong kho',
    view: 'Xem',
    theme: 'Giao diện',
    themes: { system: 'Theo hệ thống', light: 'Sáng', dark: 'Tối', sepia: 'Nâu nhạt' },
    window: 'Cửa sổ',
    help: 'Trợ giúp',
    shortcuts: 'Phím tắt',
    logs: 'Mở thư mục nhật ký',
    updates: 'Kiểm tra cập nhật…',
    about: 'Giới thiệu Kho',
  },
  dialogs: {
    importFolderTitle: 'Nhập một thư mục vào Kho',
    imported: (imported, updated, failed) =>
      `Đã lưu ${imported} bài mới, làm mới ${updated} bài` +
      (failed > 0 ? `; ${failed} tệp không lưu được.` : '.'),
    importFailed: 'Không nhập được thư mục.',
    exportTitle: 'Xuất các đoạn đánh dấu',
    exportFailed: 'Không xuất được các đoạn đánh dấu.',
    windowReloaded: 'Cửa sổ Kho bị dừng bất ngờ và đã được tải lại. Không mất gì bạn đã lưu.',
    windowGaveUp: 'Cửa sổ Kho bị dừng nhiều lần liên tiếp. Hãy khởi động lại Kho; kho lưu trữ vẫn an toàn.',
    cannotStart: 'Kho không mở được kho lưu trữ.',
  },
};

export type MainStrings = typeof en;

export function mainStrings(locale: string): MainStrings {
  return locale.toLowerCase().startsWith('vi') ? vi : en;
}
