/**
 * approx-string-match's own search fixtures, run through the wrapper the engine uses (searchWindow),
 * so a wrong offset translation or error bound in our use of the library shows up here.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

import { searchWindow } from '../../src/core/annotations/match-quote.js';
import { FIXTURES_DIR } from '../helpers/paths.js';

interface Match {
  start: number;
  end: number;
  errors: number;
}
const file = path.join(FIXTURES_DIR, 'anchoring', 'approx-string-match', 'search-cases.json');
const data = JSON.parse(readFileSync(file, 'utf8')) as {
  fixtures: Record<string, [string, string, Match[]][]>;
  extra: { text: string; pattern: string; maxErrors: number; expected: Match[] }[];
};

const cases = [
  ...Object.entries(data.fixtures).flatMap(([group, list]) =>
    list.map(([text, pattern, expected]) => ({
      name: `${group}: ${pattern}`,
      text,
      pattern,
      maxErrors: pattern.length,
      expected,
    })),
  ),
  ...data.extra.map((c) => ({ name: `extra: ${JSON.stringify(c.pattern)} (k=${c.maxErrors})`, ...c })),
];

describe('approx-string-match search-cases.json through searchWindow', () => {
  it('has all 18 cases', () => expect(cases).toHaveLength(18));

  it.each(cases)('$name', ({ text, pattern, maxErrors, expected }) => {
    const got = searchWindow(text, pattern, maxErrors);
    if (expected.length === 0) {
      expect(got).toEqual([]);
      return;
    }
    const minErrors = Math.min(...expected.map((m) => m.errors));
    const best = expected.filter((m) => m.errors === minErrors);
    expect(got.length).toBeGreaterThan(0);
    for (const m of got) expect(best).toContainEqual(m);
  });

  it('translates window offsets back into the whole text', () => {
    const text = 'xxxxxxxxxx three blind mice';
    expect(searchWindow(text, 'blind', 1, 12, 24)).toEqual([{ start: 17, end: 22, errors: 0 }]);
  });
});
