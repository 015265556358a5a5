/**
 * Hits: a ranked candidate becomes a `SearchHit` of the contract (src/shared/schemas.ts), with a snippet
 * around the best match of the body and the matched words marked in the snippet and the title. When only
 * a highlight's note matched (notes are searched too), that note, as text, is the snippet.
 */
import type Database from 'better-sqlite3';
import type { SearchHit } from '../../shared/schemas.js';
import type { Candidate } from './candidates.js';
import type { GroupPlan } from './planner.js';
import type { StoredTexts } from './run-checks.js';
import { textFromHtml } from '../capture/text-from-html.js';
import { noteHtml } from '../export/note-html.js';
import { buildSnippet, findMatches, type Match, type TokenMatcher } from './snippet.js';

/** Snippet length in characters; the snippet scan stops once a window this long holds every query word. */
const SNIPPET_CHARS = 200;

interface HitRow {
  id: number;
  url: string | null;
  site_name: string | null;
  lang: string | null;
  saved_at: string;
  published_at: string | null;
  status: string;
  favorite: number;
}

export class HitBuilder {
  private readonly row: Database.Statement;
  private readonly tags: Database.Statement;
  private readonly notes: Database.Statement;

  /** Title and text come from `texts`: run and phrase checks have usually just read the same articles. */
  constructor(
    db: Database.Database,
    private readonly texts: StoredTexts,
  ) {
    this.row = db.prepare(
      `SELECT id, url, site_name, lang, saved_at, published_at, status, favorite FROM articles WHERE id = ?`,
    );
    this.tags = db
      .prepare(
        'SELECT t.name FROM article_tags at JOIN tags t ON t.id = at.tag_id WHERE at.article_id = ? ORDER BY t.name',
      )
      .pluck();
    this.notes = db
      .prepare(
        "SELECT note FROM annotations WHERE article_id = ? AND note IS NOT NULL AND note <> '' ORDER BY id",
      )
      .pluck();
  }

  /** The note (as text) with the most distinct words of the query, and its matches; null when none has any. */
  private bestNote(id: number, matchers: TokenMatcher[]): { text: string; matches: Match[] } | null {
    const notes = (this.notes.all(id) as string[]).map((n) => textFromHtml(noteHtml(n)));
    for (const matcher of matchers) {
      let best: { text: string; matches: Match[]; words: number } | null = null;
      for (const text of notes) {
        const matches = findMatches(text, matcher);
        const words = new Set(matches.map((m) => m.word.toLowerCase())).size;
        if (words > (best?.words ?? 0)) best = { text, matches, words };
      }
      if (best) return best;
    }
    return null;
  }

  /**
   * `plan`: the query compiled for the hit's analyser group (null: a filter-only query, nothing to mark);
   * `corrected`: the hit was found only through a corrected word.
   */
  build(c: Candidate, plan: GroupPlan | null, corrected = false): SearchHit {
    const r = this.row.get(c.id) as HitRow | undefined;
    const tags = this.tags.all(c.id) as string[];
    const { title, body } = this.texts.get(c.id);
    const stop = plan ? { enough: Math.max(1, plan.requiredCount), window: SNIPPET_CHARS } : undefined;
    let bodyMatches = plan ? findMatches(body, plan.matcher, stop) : [];
    let titleMatches = plan ? findMatches(title, plan.matcher) : [];
    if (plan && bodyMatches.length === 0 && titleMatches.length === 0) {
      bodyMatches = findMatches(body, plan.looseMatcher, stop);
      titleMatches = findMatches(title, plan.looseMatcher);
    }
    const note =
      plan && bodyMatches.length === 0 ? this.bestNote(c.id, [plan.matcher, plan.looseMatcher]) : null;
    const snip = note
      ? buildSnippet(note.text, note.matches, SNIPPET_CHARS)
      : buildSnippet(body, bodyMatches, SNIPPET_CHARS);
    return {
      id: c.id,
      title,
      url: r?.url ?? null,
      site: r?.site_name ?? null,
      lang: r?.lang ?? null,
      score: c.score,
      snippet: snip.text,
      snippet_from: note ? 'note' : 'text',
      highlights: snip.highlights,
      title_highlights: titleMatches.map((m): [number, number] => [m.start, m.end]),
      saved_at: r?.saved_at ?? '',
      published_at: r?.published_at ?? null,
      status: r?.status ?? 'unread',
      favorite: r?.favorite === 1,
      tags,
      ...(corrected ? { corrected } : {}),
    };
  }
}
