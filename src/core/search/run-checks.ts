/**
 * Checks against the stored text (`containsRun`, a token scan), for what pair postings cannot decide:
 * whether 3+ query words stand together as one run (promoteExactRuns), and whether a phrase (or a negated
 * phrase) is really in the text (verifyPhrases, lazily, in rank order).
 */
import type Database from 'better-sqlite3';
import { hasDiacritics } from './analysis.js';
import { containsRun } from './word-run.js';
import type { QueryPlan } from './planner.js';
import { TIER_ALL_PAIRS, TIER_RUN, byRank, type Candidate } from './candidates.js';
import type { PhraseNode } from './query.js';

/** Phrase verification reads at least this many stored texts (when there are that many) before estimating. */
export const VERIFY_BUDGET = 40;
/** Tier-2 candidates checked for an exact run of the query words. */
export const RUN_VERIFY = 40;
const TEXT_CACHE_ENTRIES = 2000;

/** Titles and bodies of articles, cached until the index changes (IndexView's onChange clears it). */
export class StoredTexts {
  private readonly cache = new Map<number, { title: string; body: string }>();
  private readonly select: Database.Statement;

  constructor(db: Database.Database) {
    this.select = db.prepare('SELECT title, content_text FROM articles WHERE id = ?');
  }

  get(id: number): { title: string; body: string } {
    let t = this.cache.get(id);
    if (!t) {
      const r = this.select.get(id) as { title: string; content_text: string } | undefined;
      t = { title: r?.title ?? '', body: r?.content_text ?? '' };
      if (this.cache.size > TEXT_CACHE_ENTRIES) this.cache.clear();
      this.cache.set(id, t);
    }
    return t;
  }

  clear(): void {
    this.cache.clear();
  }
}

/**
 * Three or more words typed together (or two typed with diacritics): every adjacent pair being adjacent
 * somewhere (tier 2) does not mean the words stand together as one run, as typed, and on a large archive
 * many documents share the pairs. The best
 * RUN_VERIFY tier-2 candidates (`candidates` are the best ones, in rank order) are checked; a real run
 * ranks above the rest.
 */
export function promoteExactRuns(candidates: Candidate[], plan: QueryPlan, texts: StoredTexts): void {
  const { prox } = plan.pairs;
  const words = plan.proxUnits.map((u) => u.text);
  // two words: their pair decides, unless typed with diacritics (pairs are folded: "dân vận" ~ "dần vẫn")
  if (prox.length < (words.some(hasDiacritics) ? 1 : 2) || prox.some((k) => k === null)) return;
  let promoted = false;
  for (let i = 0, checked = 0; i < candidates.length && checked < RUN_VERIFY; i++) {
    const c = candidates[i]!;
    if (c.tier !== TIER_ALL_PAIRS) continue;
    checked++;
    const t = texts.get(c.id);
    if (containsRun(t.title, words) || containsRun(t.body, words)) {
      c.rank += TIER_RUN - TIER_ALL_PAIRS;
      c.tier = TIER_RUN;
      promoted = true;
    }
  }
  if (promoted) candidates.sort(byRank);
}

/**
 * Keeps the candidates (the best of all matches, in rank order) whose text has every positive phrase and no
 * negated one, verifying lazily: in rank order until `need` are kept and at least VERIFY_BUDGET texts were
 * read. `total` is the kept count plus the unverified rest (of all `matches`, `matchesToVerify` of which
 * need a check) times the observed pass rate (exact when every candidate was verified). `exhausted`: every
 * one of `candidates` was looked at and fewer than `need` kept (more candidates may help).
 */
export function verifyPhrases(
  candidates: Candidate[],
  all: { matches: number; matchesToVerify: number },
  phrases: PhraseNode[],
  need: number,
  texts: StoredTexts,
): { kept: Candidate[]; total: number; exhausted: boolean } {
  const kept: Candidate[] = [];
  let verified = 0;
  let passed = 0;
  let i = 0;
  for (; i < candidates.length; i++) {
    const c = candidates[i]!;
    if (kept.length >= need && verified >= VERIFY_BUDGET) break;
    if (c.verify) {
      verified++;
      const t = texts.get(c.id);
      let ok = true;
      for (const node of phrases) {
        const found =
          containsRun(t.title, node.words) || (node.field !== 'title' && containsRun(t.body, node.words));
        if (found === node.negated) {
          ok = false;
          break;
        }
      }
      if (!ok) continue;
      passed++;
    }
    kept.push(c);
  }
  let seenVerify = 0;
  for (let j = 0; j < i; j++) if (candidates[j]!.verify) seenVerify++;
  const rest = all.matches - i;
  const restVerify = all.matchesToVerify - seenVerify;
  const total =
    kept.length + (rest - restVerify) + Math.round(verified > 0 ? (restVerify * passed) / verified : 0);
  return { kept, total, exhausted: i === candidates.length && kept.length < need };
}
