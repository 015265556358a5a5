import type { Db } from './connection.js';

/** Small JSON preferences by key (theme, font size, UI language, saved and recent searches). */
export class SettingsRepo {
  constructor(private readonly db: Db) {}

  all(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const row of this.db
      .prepare<[], { key: string; value: string }>('SELECT key, value FROM settings')
      .all()) {
      out[row.key] = JSON.parse(row.value);
    }
    return out;
  }

  set(key: string, value: unknown): void {
    if (value === undefined || value === null) {
      this.db.prepare('DELETE FROM settings WHERE key = ?').run(key);
      return;
    }
    this.db
      .prepare(
        'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      )
      .run(key, JSON.stringify(value));
  }

  get<T>(key: string): T | undefined {
    const row = this.db
      .prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?')
      .get(key);
    return row ? (JSON.parse(row.value) as T) : undefined;
  }
}
