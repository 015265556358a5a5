/**
 * A separate process running an archive's fetch queue, for the crash test (fetch-queue-crash.test.ts):
 * `node --import tsx tests/archive/queue-child.ts <data dir> <queue options as JSON>`. It prints "ready"
 * once the archive is open and then runs until it is killed.
 */
import { openArchive } from '../../src/core/archive.js';

const [dataDir, options] = process.argv.slice(2);
await openArchive(dataDir!, { runFetchQueue: true, fetchQueue: JSON.parse(options!) as object });
process.stdout.write('ready\n');
setInterval(() => {}, 60_000);
