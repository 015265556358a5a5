/**
 * Which words of a query to correct, and to what. A plain word whose typed form is in no doc ("recesion";
 * "givee", which the stemmer would quietly turn into "give"; "nguời", found only through folding) is
 * replaced by the closest word of the archive (corrector.ts); when every word exists, a word in very few
 * docs next to a close word in far more docs is corrected too ("recesion" in one article that has the typo
 * itself). The corrected query's hits then rank below those with every word in its typed form (core.ts).
 */
import { FOLD_MARK, fold, hasDiacritics, pairHash, SURFACE_MARK, type AnalyzerId } from './analysis.js';
import { pairCount } from './codec.js';
import { Lexicon } from './corrector.js';
import type { GroupPlan, QueryPlan } from './planner.js';
import type { PostingCache } from './posting-cache.js';
import type { Segment, SegmentStore } from './segments.js';

/** A word in at most this many docs may be a typo of a far more frequent word... */
const VERY_LITTLE = 3;
/** ... when the correction is in at least this many times as many docs, and it has this many letters. */
const RARE_RATIO = 5;
const RARE_MIN_LENGTH = 5;

export interface TypoFix {
  /** Where the word is in the query text. */
  span: [number, number];
  from: string;
  to: string;
}

/** The query text with each fix's word replaced. */
export function applyFixes(text: string, fixes: TypoFix[]): string {
  let out = text;
  for (const f of [...fixes].sort((a, b) => b.span[0] - a.span[0]))
    out = out.slice(0, f.span[0]) + f.to + out.slice(f.span[1]);
  return out;
}

export class TypoFixer {
  /** The vocabulary for corrections, built on first use after an index change. */
  private lexicon: Lexicon | null = null;

  constructor(
    private readonly store: SegmentStore,
    private readonly cache: PostingCache,
  ) {}

  /** Forgets the vocabulary (the index changed). */
  invalidate(): void {
    this.lexicon = null;
  }

  find(
    plan: QueryPlan,
    plans: Map<AnalyzerId, GroupPlan | null>,
    groups: Map<AnalyzerId, Segment[]>,
  ): TypoFix[] {
    const df = (analyzer: AnalyzerId, keys: string[]) => {
      let n = 0;
      for (const k of keys) for (const s of groups.get(analyzer) ?? []) n += this.cache.get(s, k)?.df ?? 0;
      return n;
    };
    // per correctable word: docs with its typed form (0: typed, it matches nothing)
    const words: Array<{ unit: number; typed: number }> = [];
    plan.units.forEach((u, ui) => {
      if (!u.correctable || !u.span || plans.size === 0) return;
      let typed = 0;
      for (const [analyzer, group] of plans) {
        const clause = group?.clauses.find((c) => c.unit === ui);
        if (!clause) return; // a stop word of this group's language: no typo
        // while typing (prefix_last), a word that begins longer words matches as typed
        let keys = clause.forms && !u.prefixToo ? clause.forms.plus : clause.lookups.map((l) => l.key);
        // typed without diacritics, every toned form is the typed form ("tro lai" in an article analysed as
        // English that says "trở lại"): its folded key counts, as it does in matching
        if (!hasDiacritics(u.text))
          keys = [
            ...keys,
            ...keys
              .filter((k) => !k.startsWith(SURFACE_MARK) && !k.startsWith(FOLD_MARK))
              .map((k) => FOLD_MARK + k),
          ];
        typed += df(analyzer, keys);
      }
      words.push({ unit: ui, typed });
    });
    const missing = words.filter((w) => w.typed === 0);
    // a rare word is a typo only if long enough to be far from others (short words have many neighbours)
    const rare = words.filter(
      (w) => w.typed <= VERY_LITTLE && fold(plan.units[w.unit]!.text).length >= RARE_MIN_LENGTH,
    );
    const candidates = missing.length > 0 ? missing : rare;
    if (candidates.length === 0) return [];
    this.lexicon ??= new Lexicon(this.store, groups);
    const segments = [...groups.values()].flat();
    const together = (a: string, b: string) => {
      const h = pairHash(a, b);
      let n = 0;
      for (const seg of segments) if (seg.liveCount > 0) n += pairCount(this.cache.pairBucket(seg, h), h);
      return n;
    };
    const out: TypoFix[] = [];
    for (const w of candidates) {
      const u = plan.units[w.unit]!;
      const at = plan.proxUnits.indexOf(u);
      const neighbours = [
        ...(at > 0 ? [{ word: plan.proxUnits[at - 1]!.text, before: true }] : []),
        ...(at >= 0 && at + 1 < plan.proxUnits.length
          ? [{ word: plan.proxUnits[at + 1]!.text, before: false }]
          : []),
      ];
      // a typed form that exists is meant: only other letters correct it, not other diacritics
      const sug = this.lexicon.suggest(u.text, { neighbours, together, lettersOnly: w.typed > 0 });
      if (!sug || (w.typed > 0 && sug.df < RARE_RATIO * w.typed)) continue;
      out.push({ span: u.span!, from: u.text, to: sug.words.join(' ') });
    }
    return out;
  }
}
