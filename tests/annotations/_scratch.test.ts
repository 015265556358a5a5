import { readFileSync } from 'node:fs';
import { it } from 'vitest';
import { parseDocument, textOffsets } from './dom-text.js';
it('x', () => {
  const html = readFileSync('/work/shared/peer/anchoring/hypothesis-client/html-baselines/wikipedia-regression-testing.html', 'utf8');
  const t = textOffsets(parseDocument(html).body!).text;
  console.log(JSON.stringify(t.slice(7667, 11741)));
});
