/** What the update dialogs say, in the app's two languages (the main process has no renderer i18n). */
export interface UpdaterText {
  title: string;
  disabled: string;
  unsupported: string;
  upToDate: (version: string) => string;
  checkFailed: (reason: string) => string;
  available: (version: string, current: string) => string;
  availableDetail: string;
  download: string;
  notNow: string;
  stopAutomatic: string;
  downloadFailed: (reason: string) => string;
  ready: (version: string) => string;
  readyDetail: string;
  restart: string;
  whenQuit: string;
}

const en: UpdaterText = {
  title: 'Kho updates',
  disabled:
    'This copy of Kho runs from a checkout, so it does not update itself. Update it with git pull, or install Kho from its releases page.',
  unsupported:
    'This installation of Kho cannot update itself. Download the new version from the releases page.',
  upToDate: (v) => `Kho ${v} is the newest version.`,
  checkFailed: (r) => `Kho could not check for updates: ${r}`,
  available: (v, current) => `Kho ${v} is available (you have ${current}).`,
  availableDetail: 'Download it now? Nothing is installed until you agree.',
  download: 'Download',
  notNow: 'Not now',
  stopAutomatic: 'Don’t check automatically',
  downloadFailed: (r) => `Kho could not download the update: ${r}`,
  ready: (v) => `Kho ${v} is downloaded.`,
  readyDetail: 'Restart Kho to install it now, or let it install when you quit.',
  restart: 'Restart and install',
  whenQuit: 'Install when I quit',
};

const vi: UpdaterText = {
  title: 'Cập nhật Kho',
  disabled:
    'Bản Kho này chạy từ mã nguồn nên không tự cập nhật. Hãy cập nhật bằng git pull, hoặc cài Kho từ trang phát hành.',
  unsupported: 'Bản cài đặt Kho này không tự cập nhật được. Hãy tải phiên bản mới từ trang phát hành.',
  upToDate: (v) => `Kho ${v} là phiên bản mới nhất.`,
  checkFailed: (r) => `Kho không kiểm tra được bản cập nhật: ${r}`,
  available: (v, current) => `Đã có Kho ${v} (bạn đang dùng ${current}).`,
  availableDetail: 'Tải về ngay? Kho chỉ cài đặt khi bạn đồng ý.',
  download: 'Tải về',
  notNow: 'Để sau',
  stopAutomatic: 'Không tự kiểm tra nữa',
  downloadFailed: (r) => `Kho không tải được bản cập nhật: ${r}`,
  ready: (v) => `Đã tải xong Kho ${v}.`,
  readyDetail: 'Khởi động lại Kho để cài ngay, hoặc để Kho tự cài khi bạn thoát.',
  restart: 'Khởi động lại và cài',
  whenQuit: 'Cài khi tôi thoát',
};

/** Vietnamese for a `vi…` locale, English otherwise. */
export function updaterText(locale: string): UpdaterText {
  return locale.toLowerCase().startsWith('vi') ? vi : en;
}
