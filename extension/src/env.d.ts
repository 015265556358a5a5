// The extension's code uses the browser's `chrome.*` API (Firefox provides it too, promise-based in MV3).
/// <reference types="chrome" />
