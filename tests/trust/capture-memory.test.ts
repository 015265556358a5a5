import { describe, expect, it } from 'vitest';
import { runScenario } from './support.js';

/**
 * Issue 15, items 1 and 2, in a process of its own with a 400 MB heap (the process tier): a 2 MB .txt of a
 * million short lines took 238 s and 2.4 GB before; Markdown built to overwhelm marked must become plain
 * text in seconds. The in-process half is capture-bounds.test.ts.
 */

describe('plain text in linear time and bounded memory', () => {
  it('a million short lines (2 MB) in seconds, within a 400 MB heap', async () => {
    const r = await runScenario('capture-scenario.ts', ['short-lines', '1'], { maxHeapMb: 400 });
    // The first line is the title and the last eight (bare numbers) read as a share-counter footer; every
    // other line is a paragraph.
    expect(r.json, r.stderr.slice(-500)).toMatchObject({ ok: true, paragraphs: 999_991 });
    expect(r.json!.head).toBe('1\n\n2\n\n3\n\n4\n\n5\n\n6\n\n7\n\n8\n\n9\n\n0\n\n1\n\n2\n\n3\n\n4');
    expect(r.json!.ms as number).toBeLessThan(30_000);
  });
});

describe('Markdown that would overwhelm the renderer becomes plain text', () => {
  // Plain text keeps the Markdown markers as written; marked would have turned them into structure.
  const checks: Record<string, (j: Record<string, unknown>) => void> = {
    'nested-quotes': (j) => expect(j.tail).toContain('>>>> deep words here'),
    'quote-staircase': (j) => expect(j.tail).toContain('>>>> step 999'),
    'star-run': (j) => expect(j.textLength).toBe(40_001), // every star kept, literally
    'list-staircase': (j) => expect(j.tail).toContain('- item 999'),
  };

  it('20,000 nested quotes, a 1,000-level quote staircase, 40,000 stars, a 1,000-level list', async () => {
    const names = Object.keys(checks);
    const r = await runScenario('capture-scenario.ts', [names.join(',')], {
      maxHeapMb: 400,
      timeoutMs: 90_000,
    });
    expect(
      r.all.map((j) => j.scenario),
      r.stderr.slice(-500),
    ).toEqual(names);
    for (const j of r.all) {
      expect(j, String(j.scenario)).toMatchObject({ ok: true });
      checks[String(j.scenario)]!(j);
      expect(j.ms as number).toBeLessThan(20_000);
    }
  });
});
