import { parseImportFile, detectPath } from './src/core/importers/index.js';
const S='/work/shared/peer/imports/';
const files = process.argv.slice(2);
for (const f of files) {
  try {
    const fmt = await detectPath(S+f);
    const r = await parseImportFile(S+f);
    console.log('==', f, fmt, r.variant, 'entries', r.entries.length, 'problems', r.problems.length);
    for (const e of r.entries.slice(0, 3)) console.log(JSON.stringify({...e, content_html: e.content_html?.slice(0,40)}));
    for (const p of r.problems.slice(0, 6)) console.log('  P', p.where, '|', p.message);
  } catch (e) { console.log('==', f, 'ERR', (e as Error).message); }
}
