/**
 * The query language (pure: no I/O). The renderer's search help (i18n) is the user-facing summary.
 *
 *   words            every word must match (title, body, tags, site, annotation quotes and notes)
 *   "a phrase"       the words in this order, verified against the stored text
 *   -word -"phrase"  exclude; also -tag:x, -is:favorite, ...
 *   title:word       only in the title; title:"a phrase"
 *   tag:name site:x lang:vi
 *   is:unread is:archived is:favorite is:annotated
 *   before:2022 after:2022-12 before:2022-01-28   (on saved_at; after: = from the start of the period on,
 *                                                  before: = earlier than its start; so after:2026-12
 *                                                  includes December 2026 and before:2026-12 does not)
 *   word*            prefix (search as you type)
 *   word~ word~1 word~2   fuzzy, edit distance 1 (default) or 2
 */
import { KhoError } from '../../shared/errors.js';
import { tokenize } from './analysis.js';

export type FilterKey = 'tag' | 'site' | 'lang' | 'is' | 'before' | 'after';
const IS_VALUES = ['unread', 'archived', 'favorite', 'annotated'] as const;

export interface TermNode {
  type: 'term';
  /** One word as typed (NFC). */
  text: string;
  field: 'title' | null;
  negated: boolean;
  prefix: boolean;
  /** Edit distance for word~N, else 0. */
  fuzzy: number;
  /** Offset in the query string. */
  pos: number;
  /** Where the word itself is in the query string (start, end): corrections replace it there. */
  span: [number, number];
  /** Typed bare (not quoted, no field): search as you type may extend it as a prefix. */
  bare: boolean;
}
export interface PhraseNode {
  type: 'phrase';
  words: string[];
  field: 'title' | null;
  negated: boolean;
  pos: number;
}
export interface FilterNode {
  type: 'filter';
  key: FilterKey;
  /** Raw value; for before/after the normalised date 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD'. */
  value: string;
  negated: boolean;
  pos: number;
  /** before/after: the period's first day, compared with saved_at (before: saved_at < bound; after: >=). */
  bound?: string;
}
export type QueryNode = TermNode | PhraseNode | FilterNode;
export interface ParsedQuery {
  text: string;
  nodes: QueryNode[];
}

const SCOPES = new Set(['title', 'tag', 'site', 'lang', 'is', 'before', 'after']);

function bad(message: string): never {
  throw new KhoError('BAD_QUERY', message);
}

function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** 'YYYY' | 'YYYY-MM' | 'YYYY-MM-DD' -> the period's first day as 'YYYY-MM-DD'. */
function parseDatePeriod(s: string): string | null {
  const m = /^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$/.exec(s);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = m[2] === undefined ? null : Number(m[2]);
  const d = m[3] === undefined ? null : Number(m[3]);
  if (mo !== null && (mo < 1 || mo > 12)) return null;
  if (d !== null && mo !== null && (d < 1 || d > daysInMonth(y, mo))) return null;
  const iso = (yy: number, mm: number, dd: number) =>
    new Date(Date.UTC(yy, mm - 1, dd)).toISOString().slice(0, 10);
  return iso(y, mo ?? 1, d ?? 1);
}

/** Parses a query into an AST, or throws KhoError BAD_QUERY naming the problem and its position. */
export function parseQuery(input: string): ParsedQuery {
  const q = input.normalize('NFC');
  const nodes: QueryNode[] = [];
  let i = 0;
  const n = q.length;
  const isSpace = (c: string | undefined) => c !== undefined && /\s/u.test(c);

  const readQuoted = (): string => {
    // q[i] is '"'
    const open = i;
    const close = q.indexOf('"', i + 1);
    if (close < 0) bad(`Unbalanced quote: the quote at position ${open + 1} is never closed.`);
    i = close + 1;
    return q.slice(open + 1, close);
  };
  const readBare = (): string => {
    const s = i;
    while (i < n && !isSpace(q[i]) && q[i] !== '"') i++;
    return q.slice(s, i);
  };

  while (i < n) {
    if (isSpace(q[i])) {
      i++;
      continue;
    }
    const pos = i;
    let negated = false;
    if (q[i] === '-' && i + 1 < n && !isSpace(q[i + 1])) {
      negated = true;
      i++;
    }
    if (q[i] === '"') {
      const body = readQuoted();
      const toks = tokenize(body);
      const words = toks.map((t) => t.text);
      if (words.length === 0) bad(`Empty phrase at position ${pos + 1}: put words between the quotes.`);
      const at = i - body.length - 1;
      nodes.push(
        words.length === 1
          ? {
              type: 'term',
              text: words[0]!,
              field: null,
              negated,
              prefix: false,
              fuzzy: 0,
              pos,
              span: [at + toks[0]!.start, at + toks[0]!.end],
              bare: false,
            }
          : { type: 'phrase', words, field: null, negated, pos },
      );
      continue;
    }
    const bareStart = i;
    const bare = readBare();
    const colon = bare.indexOf(':');
    const scope = colon > 0 ? bare.slice(0, colon).toLowerCase() : '';
    if (colon > 0 && SCOPES.has(scope)) {
      i = bareStart + colon + 1;
      let value: string;
      let quoted = false;
      const valueStart = q[i] === '"' ? i + 1 : i;
      if (q[i] === '"') {
        value = readQuoted();
        quoted = true;
      } else value = readBare();
      value = value.trim();
      if (value === '')
        bad(`"${scope}:" at position ${pos + 1} needs a value, e.g. ${scope}:${example(scope)}.`);
      if (scope === 'title') {
        const words = tokenize(value).map((t) => t.text);
        if (words.length === 0) bad(`"title:" at position ${pos + 1} needs a word.`);
        if (words.length === 1 && !quoted) {
          const t = termNode(value, value, 'title', negated, pos, valueStart);
          if (t) nodes.push(t);
        } else if (words.length === 1) {
          const tok = tokenize(q.slice(valueStart, i))[0]!;
          nodes.push({
            type: 'term',
            text: words[0]!,
            field: 'title',
            negated,
            prefix: false,
            fuzzy: 0,
            pos,
            span: [valueStart + tok.start, valueStart + tok.end],
            bare: false,
          });
        } else nodes.push({ type: 'phrase', words, field: 'title', negated, pos });
        continue;
      }
      if (scope === 'is') {
        const v = value.toLowerCase();
        if (!(IS_VALUES as readonly string[]).includes(v))
          bad(`Unknown "is:${value}" at position ${pos + 1}: use is:${IS_VALUES.join(', is:')}.`);
        nodes.push({ type: 'filter', key: 'is', value: v, negated, pos });
        continue;
      }
      if (scope === 'before' || scope === 'after') {
        const period = parseDatePeriod(value);
        if (!period)
          bad(
            `"${scope}:${value}" at position ${pos + 1} is not a date: use YYYY, YYYY-MM or YYYY-MM-DD (e.g. ${scope}:2022-01-28).`,
          );
        nodes.push({
          type: 'filter',
          key: scope,
          value,
          negated,
          pos,
          bound: period,
        });
        continue;
      }
      nodes.push({ type: 'filter', key: scope as FilterKey, value, negated, pos });
      continue;
    }
    // plain word(s), maybe word* or word~N
    const node = termNode(bare, bare, null, negated, pos, bareStart);
    if (node) nodes.push(node);
  }

  const positive = nodes.filter((x) => !x.negated);
  if (nodes.length > 0 && positive.length === 0)
    bad('The query only excludes (-word): add at least one word or filter to search for.');
  return { text: q, nodes };
}

function example(scope: string): string {
  return { title: 'vận', tag: 'news', site: 'nhandan', lang: 'vi' }[scope] ?? 'x';
}

function termNode(
  raw: string,
  display: string,
  field: 'title' | null,
  negated: boolean,
  pos: number,
  /** Offset of `raw` in the query string. */
  at: number,
): QueryNode | null {
  let text = raw;
  let prefix = false;
  let fuzzy = 0;
  const fz = /~(\d*)$/.exec(text);
  if (fz) {
    const d = fz[1] === '' ? 1 : Number(fz[1]);
    if (!(d >= 1 && d <= 2))
      bad(`Fuzzy distance in "${display}" at position ${pos + 1} must be 1 or 2 (e.g. word~1).`);
    fuzzy = d;
    text = text.slice(0, fz.index);
  } else if (text.endsWith('*')) {
    prefix = true;
    text = text.replace(/\*+$/, '');
  }
  const toks = tokenize(text);
  const words = toks.map((t) => t.text);
  if (words.length === 0) {
    if (prefix || fuzzy)
      bad(`"${display}" at position ${pos + 1} needs letters before "${prefix ? '*' : '~'}".`);
    return null; // punctuation only: nothing to search for
  }
  if (words.length === 1)
    return {
      type: 'term',
      text: words[0]!,
      field,
      negated,
      prefix,
      fuzzy,
      pos,
      span: [at + toks[0]!.start, at + toks[0]!.end],
      bare: field === null && !prefix && !fuzzy,
    };
  if (prefix || fuzzy)
    bad(`"${display}" at position ${pos + 1}: "${prefix ? '*' : '~'}" applies to a single word.`);
  // "covid-19", "TP.HCM": the parts must stand together.
  return { type: 'phrase', words, field, negated, pos };
}
