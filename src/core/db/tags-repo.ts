import type { Db } from './connection.js';
import { KhoError } from '../../shared/errors.js';
import { nowIso } from '../time.js';

/**
 * Case- and Unicode-insensitive identity of a tag: "Dân vận", "dân vận" and the NFD spelling share one key.
 * NFKC folds compatibility forms (full-width letters); toLowerCase folds case; the key is stored NFC.
 */
export function tagKey(name: string): string {
  return name.normalize('NFKC').toLowerCase().normalize('NFC');
}

export interface TagRow {
  id: number;
  name: string;
  key: string;
}

export class TagsRepo {
  constructor(private readonly db: Db) {}

  /** Finds or creates each tag; an existing tag keeps the spelling it was first given. */
  ensure(names: string[]): TagRow[] {
    const find = this.db.prepare<[string], TagRow>('SELECT id, name, key FROM tags WHERE key = ?');
    const insert = this.db.prepare('INSERT INTO tags (name, key, created_at) VALUES (?, ?, ?)');
    const out: TagRow[] = [];
    for (const name of names) {
      const key = tagKey(name);
      let row = find.get(key);
      if (!row) {
        const id = Number(insert.run(name, key, nowIso()).lastInsertRowid);
        row = { id, name, key };
      }
      if (!out.some((t) => t.id === row.id)) out.push(row);
    }
    return out;
  }

  findByName(name: string): TagRow | undefined {
    return this.db
      .prepare<[string], TagRow>('SELECT id, name, key FROM tags WHERE key = ?')
      .get(tagKey(name));
  }

  require(name: string): TagRow {
    const row = this.findByName(name);
    if (!row) throw new KhoError('NOT_FOUND', `There is no tag "${name}".`);
    return row;
  }

  attach(articleIds: number[], tagIds: number[]): void {
    const stmt = this.db.prepare('INSERT OR IGNORE INTO article_tags (article_id, tag_id) VALUES (?, ?)');
    for (const a of articleIds) for (const t of tagIds) stmt.run(a, t);
  }

  detach(articleIds: number[], tagIds: number[]): void {
    const stmt = this.db.prepare('DELETE FROM article_tags WHERE article_id = ? AND tag_id = ?');
    for (const a of articleIds) for (const t of tagIds) stmt.run(a, t);
  }

  /** Counts articles outside the trash; tags with no live article still show (count 0) until deleted. */
  listWithCounts(): Array<{ id: number; name: string; count: number }> {
    return this.db
      .prepare<[], { id: number; name: string; count: number }>(
        `SELECT t.id, t.name, COUNT(a.id) AS count
           FROM tags t
           LEFT JOIN article_tags at ON at.tag_id = t.id
           LEFT JOIN articles a ON a.id = at.article_id AND a.deleted_at IS NULL
          GROUP BY t.id
          ORDER BY t.key`,
      )
      .all();
  }

  namesFor(articleId: number): string[] {
    return this.db
      .prepare<[number], { name: string }>(
        `SELECT t.name FROM tags t JOIN article_tags at ON at.tag_id = t.id WHERE at.article_id = ? ORDER BY t.key`,
      )
      .all(articleId)
      .map((r) => r.name);
  }

  /**
   * The tag `name` and every tag nested under it. A level that exists only as a parent ("chính trị" above
   * "chính trị/dân vận") has no row of its own but still names its nested tags.
   */
  subtree(name: string): TagRow[] {
    const key = tagKey(name);
    const rows = this.db
      .prepare<[string, number, string], TagRow>(
        'SELECT id, name, key FROM tags WHERE key = ? OR substr(key, 1, ?) = ? ORDER BY key',
      )
      .all(key, key.length + 1, key + '/');
    if (rows.length === 0) throw new KhoError('NOT_FOUND', `There is no tag "${name}".`);
    return rows;
  }

  /** Renames `from` and every nested tag under it ("a" -> "b" renames "a/x" to "b/x"). */
  rename(from: string, to: string): number {
    const rows = this.subtree(from);
    const fromKey = tagKey(from);
    const shown = this.findByName(from)?.name ?? from;
    if (tagKey(to).startsWith(fromKey + '/')) {
      throw new KhoError('CONFLICT', `Cannot rename "${shown}" into its own nested tag "${to}".`);
    }
    const levels = from.split('/').length;
    const update = this.db.prepare('UPDATE tags SET name = ?, key = ? WHERE id = ?');
    for (const r of rows) {
      const newName = [to, ...r.name.split('/').slice(levels)].join('/');
      const clash = this.findByName(newName);
      if (clash && !rows.some((x) => x.id === clash.id)) {
        throw new KhoError(
          'CONFLICT',
          `A tag "${clash.name}" already exists; merge the tags instead of renaming.`,
        );
      }
      update.run(newName, tagKey(newName), r.id);
    }
    return rows.length;
  }

  /**
   * Moves every article of the source tags onto the target, then deletes the sources. A source that is
   * only a parent level brings every tag nested under it.
   */
  merge(from: string[], into: string): TagRow {
    const target = this.ensure([into])[0]!;
    for (const name of from) {
      const sources = this.findByName(name) ? [this.require(name)] : this.subtree(name);
      for (const source of sources) {
        if (source.id === target.id) continue;
        this.db
          .prepare(
            'INSERT OR IGNORE INTO article_tags (article_id, tag_id) SELECT article_id, ? FROM article_tags WHERE tag_id = ?',
          )
          .run(target.id, source.id);
        this.db.prepare('DELETE FROM tags WHERE id = ?').run(source.id);
      }
    }
    return target;
  }

  /**
   * Deletes the tag (articles keep everything else) and returns how many articles carried it. A name that is
   * only a parent level deletes every tag nested under it.
   */
  delete(name: string): number {
    const doomed = this.findByName(name) ? [this.require(name)] : this.subtree(name);
    const ids = doomed.map((t) => t.id);
    const marks = ids.map(() => '?').join(',');
    const count = (
      this.db
        .prepare<number[], { n: number }>(
          `SELECT COUNT(DISTINCT article_id) AS n FROM article_tags WHERE tag_id IN (${marks})`,
        )
        .get(...ids) ?? { n: 0 }
    ).n;
    this.db.prepare(`DELETE FROM tags WHERE id IN (${marks})`).run(...ids);
    return count;
  }
}
