// Fails with a clear message when a test needs the build and it is missing.
import { existsSync } from 'node:fs';
for (const f of ['out/cli/kho.js', 'out/renderer/index.html']) {
  if (!existsSync(f)) {
    console.error(`${f} is missing: run "npm run build" first.`);
    process.exit(1);
  }
}
