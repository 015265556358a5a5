import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseImport } from '../../src/core/importers/index.js';
import { parseOmnivoreHighlights } from '../../src/core/importers/omnivore-highlights.js';
import { byTitle, fixtureBytes, parseFixture } from './support.js';
import { makeZip } from './zip-writer.js';

const BREITLING =
  'https://www.lemonde.fr/economie/article/2024/10/29/malgre-la-crise-du-marche-des-montres-breitling-etend-son-reseau-commercial-et-devoile-ses-ambitions_6365425_3234.html';

describe('Omnivore export zip (real metadata file + content and highlights written in the exporter format)', () => {
  it('imports the 20 items with their state, labels, dates and progress', async () => {
    const r = await parseFixture('omnivore/omnivore-export.zip');
    expect(r.format).toBe('omnivore');
    expect(r.variant).toBe('Omnivore export zip');
    expect(r.problems).toEqual([]);
    expect(r.entries).toHaveLength(20);
    expect(r.entries[0]).toMatchObject({
      url: BREITLING,
      title:
        'Malgré la crise du marché des montres, Breitling étend son réseau commercial et dévoile ses ambitions',
      byline: 'Juliette Garnier',
      status: 'archived',
      reading_progress: 0,
      tags: ['RSS'],
      saved_at: '2024-10-29T16:30:11.000Z',
      published_at: '2024-10-29T16:30:11.000Z',
      updated_at: '2024-10-31T13:01:28.320Z',
    });
    expect(r.entries[0]!.description).toMatch(/^La marque suisse –\u00a0peu présente en Chine\u00a0– veut/);
    expect(r.entries.filter((e) => e.status === 'archived')).toHaveLength(1);
    expect(r.entries[2]!.tags).toEqual(['RSS', 'TEST']);
    expect(r.entries.at(-1)!.title).toBe(
      'Présidentielle américaine 2024\u00a0: comment le calendrier de l’élection et des affaires judiciaires de Trump s’entremêlent',
    );
  });

  it('attaches content/{slug}.html and highlights/{slug}.md to their items', async () => {
    const r = await parseFixture('omnivore/omnivore-export.zip');
    const withContent = r.entries.filter((e) => e.content_html);
    // Items 1 (Breitling), 3 (Montpellier) and 9 (Tour de France) have a content file.
    expect(withContent.map((e) => r.entries.indexOf(e))).toEqual([0, 2, 8]);
    expect(r.entries[8]!.title).toBe('A quoi ressemble le parcours du Tour de France 2025\u00a0?');
    expect(r.entries[8]!.content_html).toContain('Le parcours part de Lille');
    expect(r.entries[0]!.content_html).toContain(
      'La marque horlogère suisse ouvre de nouvelles boutiques en Europe',
    );
    expect(r.entries[0]!.highlights).toEqual([
      {
        quote: 'La marque horlogère suisse ouvre de nouvelles boutiques en Europe',
        tags: ['montres', 'économie'],
        note: "À comparer avec les chiffres de l'an dernier.",
      },
      { quote: 'Les ventes de montres reculent en Chine depuis deux ans', tags: [] },
    ]);
    // A page note, then a two-paragraph quote with a label.
    const montpellier = r.entries[2]!;
    expect(montpellier.note).toBe("Article à relire pour le suivi de l'enquête.");
    expect(montpellier.highlights).toEqual([
      { quote: 'Première phrase du passage.\n\nDeuxième paragraphe du passage.', tags: ['suivi'] },
    ]);
    // Highlights without content: the page will be fetched, the quote re-anchored there.
    expect(r.entries[1]!.content_html).toBeUndefined();
    expect(r.entries[1]!.highlights).toEqual([
      {
        quote: 'l’enquête visant l’épouse de Pedro Sanchez élargie',
        note: "Voir la suite de l'affaire.",
        tags: [],
      },
    ]);
  });

  it('reads a metadata JSON file on its own (wallabag fixture omnivore.json)', async () => {
    const r = await parseFixture('wallabag/omnivore.json');
    expect(r.variant).toBe('Omnivore metadata JSON');
    expect(r.problems).toEqual([]);
    expect(r.entries).toHaveLength(20);
    expect(r.entries.every((e) => e.content_html === undefined && e.highlights.length === 0)).toBe(true);
    expect(byTitle(r, 'La cour d’appel de Paris confirme le procès pour viol du rappeur Naps').saved_at).toBe(
      '2024-10-29T15:26:15.000Z',
    );
  });

  it('reads a zip re-made from the unpacked folder (one top folder), and names orphan files', async () => {
    const meta = fixtureBytes('omnivore/export/metadata_0_to_20.json');
    const items = JSON.parse(meta.toString('utf8')) as { slug: string }[];
    const zip = makeZip([
      { name: 'omnivore-export/metadata_0_to_20.json', data: meta },
      { name: `omnivore-export/content/${items[4]!.slug}.html`, data: '<p>Contenu</p>' },
      { name: 'omnivore-export/content/no-such-slug.html', data: '<p>Orphelin</p>' },
    ]);
    const r = await parseImport('omnivore.zip', zip);
    expect(r.entries).toHaveLength(20);
    expect(r.entries[4]!.content_html).toBe('<p>Contenu</p>');
    expect(r.problems).toEqual([
      {
        where: 'entry omnivore-export/content/no-such-slug.html',
        message: 'No item in the metadata files has this slug; skipped.',
      },
    ]);
  });
});

/**
 * Omnivore's exporter writes a highlight as "> " + quote (blank lines inside it turned into "> "
 * lines) + " ", then "\n\n#a #b" when labelled, then "\n\n" + note when annotated, and joins
 * highlights with "\n\n" (packages/api/src/utils/parser.ts). Written here from that description.
 */
function exporterMarkdown(h: { quote: string; labels: string[]; note?: string }): string {
  const quote = h.quote.replace(/^(?=\n)$|^\s*?\n/gm, '> ');
  const labels = h.labels.map((l) => `#${l}`).join(' ');
  return `> ${quote} ${labels ? `\n\n${labels}` : ''}${h.note ? `\n\n${h.note}` : ''}`;
}

describe('Omnivore highlights Markdown', () => {
  // À-ỹ spans U+1680 (Ogham space mark), which is whitespace: labels and words never hold whitespace.
  const noSpace = (s: string): boolean => !/\s/u.test(s);
  const word = fc.stringMatching(/^[A-Za-zÀ-ỹđĐ0-9’'.,;:!?()-]{1,12}$/).filter(noSpace);
  const sentence = fc.array(word, { minLength: 1, maxLength: 8 }).map((w) => w.join(' '));
  const paragraphs = fc.array(sentence, { minLength: 1, maxLength: 3 });
  const highlight = fc.record({
    quote: paragraphs.map((p) => p.join('\n\n')),
    labels: fc.array(fc.stringMatching(/^[a-zà-ỹđ0-9_-]{1,10}$/).filter(noSpace), { maxLength: 3 }),
    // A note made only of "#words" right after the quote is indistinguishable from labels.
    note: fc.option(
      paragraphs.map((p) => p.join('\n\n')).filter((n) => !/^#/.test(n)),
      { nil: undefined },
    ),
  });

  it('reads back what the exporter writes: quotes, paragraphs, labels and notes', () => {
    fc.assert(
      fc.property(fc.array(highlight, { minLength: 1, maxLength: 4 }), (hs) => {
        const md = hs.map(exporterMarkdown).join('\n\n');
        const parsed = parseOmnivoreHighlights(md);
        expect(parsed.pageNote).toBeUndefined();
        expect(parsed.highlights).toEqual(
          hs.map((h) =>
            h.note
              ? { quote: h.quote, labels: h.labels, note: h.note }
              : { quote: h.quote, labels: h.labels },
          ),
        );
      }),
      { numRuns: 300 },
    );
  });
});
