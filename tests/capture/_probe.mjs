import { parseHTML } from 'linkedom';
import { Readability } from '@mozilla/readability';
import fs from 'node:fs';
const dir = '/work/shared/peer/readability/test-pages';
const norm = (s) => (s ?? '').replace(/\s+/g, ' ').trim();
let ok = 0, fields = {}; const bad = [];
const t0 = Date.now();
for (const name of fs.readdirSync(dir).sort()) {
  const src = fs.readFileSync(`${dir}/${name}/source.html`, 'utf8');
  const exp = fs.readFileSync(`${dir}/${name}/expected.html`, 'utf8');
  const meta = JSON.parse(fs.readFileSync(`${dir}/${name}/expected-metadata.json`, 'utf8'));
  let res;
  try {
    const { document } = parseHTML(src);
    Object.defineProperty(document, 'baseURI', { value: 'http://fakehost/test/page.html' });
    Object.defineProperty(document, 'documentURI', { value: 'http://fakehost/test/page.html' });
    res = new Readability(document, { classesToPreserve: ['caption'] }).parse();
  } catch (e) { bad.push(`${name}: THROW ${e.message}`); continue; }
  const ed = parseHTML(`<html><body>${exp}</body></html>`).document;
  const expText = norm(ed.body.textContent);
  const got = res ? norm(parseHTML(`<html><body>${res.content}</body></html>`).document.body.textContent) : '';
  if (expText === got) ok++; else bad.push(`${name}: text ${expText.length} vs ${got.length}`);
  for (const f of ['title','byline','excerpt','siteName','lang','dir','publishedTime']) {
    if (!(f in meta)) continue;
    fields[f] ??= [0,0]; fields[f][1]++;
    const g = res ? res[f] ?? null : null;
    if (norm(g) === norm(meta[f]) ) fields[f][0]++; else if (process.env.V) console.log(name, f, JSON.stringify(meta[f]), JSON.stringify(g));
  }
}
console.log('text ok', ok, fields, Date.now()-t0, 'ms');
console.log(bad.join('\n'));
