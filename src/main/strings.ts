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
    importExport: 'Import from Pocket, Instapaper, Omnivore…',
    exportDialog: 'Export…',
    export: 'Export',
    exportFormats: {
      md: 'Notes as Markdown…',
      obsidian: 'Obsidian or Logseq folder…',
      jsonld: 'W3C annotations (JSON-LD)…',
      csv: 'Highlights as a spreadsheet (CSV)…',
      'readwise-csv': 'Highlights for Readwise (CSV)…',
      html: 'Notes as a web page (HTML)…',
      epub: 'Articles as an e-book (EPUB)…',
    },
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
    importExportTitle: 'Import an export from another reading app',
    importExportFilter: 'Exports (CSV, HTML, JSON, ZIP)',
    importedExport: (imported: number, existing: number, queued: number, problems: number) =>
      `Imported ${imported} article${imported === 1 ? '' : 's'} (${existing} already in Kho)` +
      (queued > 0 ? `; ${queued} page${queued === 1 ? '' : 's'} will be fetched in the background` : '') +
      (problems > 0 ? `; ${problems} entr${problems === 1 ? 'y' : 'ies'} could not be read.` : '.'),
    importExportFailed: 'The export could not be imported.',
    exportTitle: 'Export',
    exportFolderTitle: 'Choose the folder of your Obsidian vault or Logseq graph',
    exportedFolder: (changed: number, unchanged: number, skipped: number) =>
      `Wrote ${changed} note${changed === 1 ? '' : 's'}, ${unchanged} unchanged` +
      (skipped > 0 ? `; ${skipped} skipped (see details).` : '.'),
    exportFailed: 'The export could not be written.',
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
    importExport: 'Nhập từ Pocket, Instapaper, Omnivore…',
    exportDialog: 'Xuất…',
    export: 'Xuất',
    exportFormats: {
      md: 'Ghi chú dạng Markdown…',
      obsidian: 'Thư mục Obsidian hoặc Logseq…',
      jsonld: 'Chú thích W3C (JSON-LD)…',
      csv: 'Đoạn đánh dấu dạng bảng tính (CSV)…',
      'readwise-csv': 'Đoạn đánh dấu cho Readwise (CSV)…',
      html: 'Ghi chú dạng trang web (HTML)…',
      epub: 'Bài viết dạng sách điện tử (EPUB)…',
    },
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
    importExportTitle: 'Nhập dữ liệu xuất từ một ứng dụng đọc khác',
    importExportFilter: 'Tệp xuất (CSV, HTML, JSON, ZIP)',
    importedExport: (imported, existing, queued, problems) =>
      `Đã nhập ${imported} bài (${existing} bài đã có trong Kho)` +
      (queued > 0 ? `; ${queued} trang sẽ được tải về trong nền` : '') +
      (problems > 0 ? `; ${problems} mục không đọc được.` : '.'),
    importExportFailed: 'Không nhập được tệp xuất.',
    exportTitle: 'Xuất',
    exportFolderTitle: 'Chọn thư mục kho Obsidian hoặc Logseq của bạn',
    exportedFolder: (changed, unchanged, skipped) =>
      `Đã ghi ${changed} ghi chú, ${unchanged} không đổi` +
      (skipped > 0 ? `; bỏ qua ${skipped} (xem chi tiết).` : '.'),
    exportFailed: 'Không ghi được tệp xuất.',
    windowReloaded: 'Cửa sổ Kho bị dừng bất ngờ và đã được tải lại. Không mất gì bạn đã lưu.',
    windowGaveUp: 'Cửa sổ Kho bị dừng nhiều lần liên tiếp. Hãy khởi động lại Kho; kho lưu trữ vẫn an toàn.',
    cannotStart: 'Kho không mở được kho lưu trữ.',
  },
};

export type MainStrings = typeof en;

export function mainStrings(locale: string): MainStrings {
  return locale.toLowerCase().startsWith('vi') ? vi : en;
}
