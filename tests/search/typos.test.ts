import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fold, getAnalyzer } from '../../src/core/search/analysis.js';
import { rng } from './helpers.js';
import {
  englishArticles,
  openRealArchive,
  pick,
  vietnameseArticles,
  wordsOf,
  type RealArchive,
} from './real-text.js';
import { slipEnglish, slipVietnamese, type SlipKind } from '../../src/bench/slips.js';

/**
 * Typos on real text: 2-3 consecutive words of an article, one of them slipped the way people slip
 * (English: a dropped, doubled or swapped letter; Vietnamese: a dropped, doubled or swapped letter in a
 * syllable, a missing or extra tone mark). A letter slip is used only when the slipped word is in no
 * article (otherwise it is no typo as far as the archive can tell). The article must be found (top 10),
 * and a corrected word must be reported as such. Made-up words must still find nothing.
 */
let archive: RealArchive;
beforeAll(async () => {
  archive = await openRealArchive([...vietnameseArticles(), ...englishArticles()]);
}, 120_000);
afterAll(async () => {
  await archive?.close();
});

interface Case {
  query: string;
  slip: string;
  word: string;
  kind: SlipKind;
  doc: number;
}

function drawCases(lang: 'vi' | 'en', count: number, seed: number): Case[] {
  const random = rng(seed);
  const docs = archive.docs.filter((d) => d.lang === lang);
  const en = getAnalyzer('en');
  const out: Case[] = [];
  for (let tries = 0; out.length < count && tries < 20_000; tries++) {
    const doc = pick(random, docs);
    const words = wordsOf(doc.text);
    const n = 2 + Math.floor(random() * 2);
    const at = Math.floor(random() * (words.length - n));
    const run = words.slice(at, at + n);
    // the slipped word: English 5+ letters and no stop word; Vietnamese 3+ letters
    const slot = Math.floor(random() * n);
    const word = run[slot]!;
    // English: at least two words that are not stop words ("the worst recession", "government spending")
    if (lang === 'en' && run.filter((w) => en.searchTerm(w) !== null).length < 2) continue;
    if (lang === 'en' && (word.length < 5 || en.searchTerm(word) === null)) continue;
    if (lang === 'vi' && word.length < 3) continue;
    const s = lang === 'en' ? slipEnglish(word, random) : slipVietnamese(word, random);
    if (!s || s.word === word) continue;
    if (s.kind !== 'tone' && archive.vocabulary.has(s.folded)) continue;
    const typed = run.map((w, i) => (i === slot ? s.word : w));
    out.push({ query: typed.join(' '), slip: s.word, word, kind: s.kind, doc: doc.id });
  }
  return out;
}

async function measure(cases: Case[]) {
  const missed: string[] = [];
  let found = 0;
  let empty = 0;
  let reported = 0;
  let letterCases = 0;
  for (const c of cases) {
    const r = await archive.engine.search(c.query, { limit: 10 });
    if (r.hits.length === 0) empty++;
    if (r.hits.some((h) => h.id === c.doc)) found++;
    else missed.push(`${c.query} [${c.kind}: ${c.word}] -> ${r.corrected?.query ?? '(none)'}`);
    if (c.kind !== 'tone') {
      // a slip is corrected and said so, unless the words as typed match (a stemmer may absorb a slip:
      // "opportunitis" and "opportunities" share their stem)
      letterCases++;
      const asTyped = r.hits.length > 0 && r.hits[0]!.corrected !== true;
      if (asTyped || r.corrected?.words.some((w) => w.from.toLowerCase() === c.slip)) reported++;
      else
        missed.push(`not reported: ${c.query} [${c.kind}: ${c.word}] -> ${r.corrected?.query ?? '(none)'}`);
    }
  }
  return { found, empty, reported, letterCases, missed };
}

describe('typos on real text', () => {
  it('finds the article for 40 English slips (dropped, doubled, swapped letters) and says so', async () => {
    const cases = drawCases('en', 40, 1401);
    expect(cases).toHaveLength(40);
    const r = await measure(cases);
    console.log(
      `English slips: found ${r.found}/40, empty ${r.empty}, reported ${r.reported}/${r.letterCases}`,
    );
    const detail = r.missed.join('\n');
    expect(r.found, detail).toBeGreaterThanOrEqual(38);
    expect(r.empty, detail).toBe(0);
    expect(r.reported, detail).toBe(r.letterCases);
  });

  it('finds the article for 40 Vietnamese slips (letters in a syllable, tone marks)', async () => {
    const cases = drawCases('vi', 40, 1402);
    expect(cases).toHaveLength(40);
    const kinds = new Set(cases.map((c) => c.kind));
    expect([...kinds].sort()).toEqual(['double', 'drop', 'swap', 'tone']);
    const r = await measure(cases);
    console.log(
      `Vietnamese slips: found ${r.found}/40, empty ${r.empty}, reported ${r.reported}/${r.letterCases}`,
    );
    const detail = r.missed.join('\n');
    expect(r.found, detail).toBeGreaterThanOrEqual(36);
    expect(r.empty, detail).toBe(0);
    expect(r.reported, detail).toBeGreaterThanOrEqual(r.letterCases - 2);
  });

  it('finds nothing for made-up words, alone or among real ones', async () => {
    const madeUp = [
      'zorblatt',
      'quixotrum',
      'flimbergast',
      'snorfleplex',
      'glarbishness',
      'wubbletonian',
      'krefflumpery',
      'xyqwz',
      'brrzt',
      'plonkitude',
      'zqvx',
      'ghrmblt',
      'vuzzleknop',
      'trqxyl',
      'dwemfish',
      'khrỵt',
      'ngqươx',
      'zxủk',
      'qwơrtp',
      'bzzăn',
    ];
    for (const w of madeUp) {
      for (const q of [w, `economy ${w}`, `người ${w}`]) {
        const r = await archive.engine.search(q);
        expect(
          r.hits.map((h) => h.title),
          q,
        ).toEqual([]);
        expect(r.corrected, q).toBeUndefined();
      }
    }
  });

  it('splits two words typed without their space', async () => {
    for (const [typed, want] of [
      ['foreignpolicy', 'foreign policy'],
      ['federalgovernment', 'federal government'],
      ['phươngtiện', 'phương tiện'],
    ] as const) {
      const r = await archive.engine.search(typed);
      expect(r.corrected?.query, typed).toBe(want);
      expect(r.hits.length, typed).toBeGreaterThan(0);
      for (const h of r.hits) expect(h.corrected).toBe(true);
    }
  });

  it('ranks what a corrected word finds below what the words as typed find', async () => {
    const before = await archive.engine.search('the worst recesion', { limit: 50 });
    expect(before.corrected?.query).toBe('the worst recession');
    expect(before.hits.length).toBeGreaterThan(0);
    expect(before.hits.every((h) => h.corrected === true)).toBe(true);
    const typedIn = archive.docs.filter((d) => /\bworst\b/i.test(d.text) && /\brecession\b/i.test(d.text));
    expect(new Set(before.hits.map((h) => h.id))).toEqual(new Set(typedIn.map((d) => d.id)));
    // an article with the slip itself (archives hold typos too): it comes first, uncorrected, the
    // articles of the correction after it
    const own = await archive.add({ title: 'Notes', text: 'The worst recesion since the war.', lang: 'en' });
    const after = await archive.engine.search('the worst recesion', { limit: 50 });
    expect(after.hits[0]).toMatchObject({ id: own });
    expect(after.hits[0]!.corrected).toBeUndefined();
    expect(after.hits.slice(1).map((h) => h.id)).toEqual(before.hits.map((h) => h.id));
    expect(after.total).toBe(before.total + 1);
    // search instead for what was typed
    const exact = await archive.engine.search('the worst recesion', { correct: false });
    expect(exact.hits.map((h) => h.id)).toEqual([own]);
    expect(exact.corrected).toBeUndefined();
  });
});

describe('words typed without diacritics are never typos of their toned forms', () => {
  it('finds Vietnamese words inside an English article as typed, with no correction', async () => {
    const small = await openRealArchive([
      {
        title: 'Back again',
        text: 'Trở lại — the article body. Readers keep coming back to this story about the river town.',
        lang: 'en',
      },
      {
        title: 'From the server',
        text: 'Bài từ máy chủ — the article body. Readers keep coming back to this story about the river town.',
        lang: 'en',
      },
    ]);
    try {
      const r = await small.engine.search('tro lai');
      expect(r.corrected).toBeUndefined();
      expect(r.hits.map((h) => h.id)).toEqual([small.docs[0]!.id]);
      // typed with its tone marks, the same
      expect((await small.engine.search('trở lại')).hits.map((h) => h.id)).toEqual([small.docs[0]!.id]);
    } finally {
      await small.close();
    }
  });
});

describe('search as you type (prefix_last)', () => {
  it('matches the last word, still being typed, as a prefix too', async () => {
    const congress = archive.docs.filter((d) => /\bcongress/i.test(d.text)).length;
    expect(congress).toBeGreaterThan(20);
    // as typed, "congres" is no word of the archive: no results without the option
    expect((await archive.engine.search('congres', { correct: false })).total).toBe(0);
    const typing = await archive.engine.search('congres', { prefix_last: true, limit: 50 });
    expect(typing.corrected).toBeUndefined();
    expect(typing.total).toBeGreaterThanOrEqual(congress);
    for (const h of typing.hits) expect(h.corrected).toBeUndefined();
    // only the last word, and only while nothing follows it
    expect((await archive.engine.search('congres ', { prefix_last: true, correct: false })).total).toBe(0);
    expect((await archive.engine.search('congres act', { prefix_last: true, correct: false })).total).toBe(0);
    expect((await archive.engine.search('"congres"', { prefix_last: true, correct: false })).total).toBe(0);
  });

  it('completes a Vietnamese syllable with or without diacritics, and ranks the finished word first', async () => {
    const phrase = ['phương', 'tiện'];
    const withRun = archive.docs.filter((d) => d.text.toLowerCase().includes(phrase.join(' ')));
    expect(withRun.length).toBeGreaterThan(0);
    for (const q of ['phương tiệ', 'phuong tie']) {
      const r = await archive.engine.search(q, { prefix_last: true, limit: 20 });
      expect(r.total, q).toBeGreaterThanOrEqual(withRun.length);
      expect(
        withRun.map((d) => d.id),
        q,
      ).toContain(r.hits[0]!.id);
    }
    // a finished word typed in full: articles with the word rank above those with longer words it begins
    const r = await archive.engine.search('thu', { prefix_last: true, limit: 200 });
    const plain = await archive.engine.search('thu', { limit: 200 });
    expect(r.total).toBeGreaterThan(plain.total);
    const hasWord = r.hits.map((h) =>
      wordsOf(`${archive.byId.get(h.id)!.title} ${archive.byId.get(h.id)!.text}`).some(
        (w) => fold(w) === 'thu',
      ),
    );
    expect(hasWord.filter(Boolean).length).toBeGreaterThan(10);
    expect(hasWord.indexOf(false)).toBeGreaterThan(0);
    expect(hasWord.lastIndexOf(true)).toBeLessThan(hasWord.indexOf(false));
  });
});
