import { describe, expect, it } from 'vitest';
import { normalizeMachineDate, parseDateLine } from '../../src/core/capture/dates.js';
import { detectLanguage, primaryLanguage, resolveLanguage } from '../../src/core/capture/lang.js';
import { isBoilerplateLine, parseSourceLine } from '../../src/core/capture/text-lines.js';
import { extractArticle } from '../../src/core/capture/extract.js';
import { VI_TEXT } from './fixture-server.js';

describe('date lines', () => {
  it.each([
    ['Thứ Sáu, 28/1/2022', '2022-01-28'],
    ['Thứ hai, 31-01-2022', '2022-01-31'],
    ['Chủ Nhật, 30/1/2022', '2022-01-30'],
    ['CN, 30/01/2022', '2022-01-30'],
    ['ngày 28 tháng 1 năm 2022', '2022-01-28'],
    ['Thứ Sáu, 28/01/2022 14:05 GMT+7', '2022-01-28T14:05:00+07:00'],
    ['28/01/2022 14:05 (GMT+7)', '2022-01-28T14:05:00+07:00'],
    ['Cập nhật: 28/01/2022 14:05', '2022-01-28T14:05:00+07:00'],
    ['14:05 28/01/2022', '2022-01-28T14:05:00+07:00'],
    ['January 28, 2022', '2022-01-28'],
    ['28 Jan 2022', '2022-01-28'],
    ['Published: 2022-01-28', '2022-01-28'],
    ['Friday, January 28, 2022', '2022-01-28'],
    ['Posted on March 3rd, 2021 at 5:30 pm UTC', '2021-03-03T17:30:00Z'],
  ])('%s -> %s', (line, iso) => {
    expect(parseDateLine(line)).toBe(iso);
  });

  it.each(['31/2/2022', 'Hôm nay 28/1/2022 trời mưa to ở Hà Nội', 'Năm 2022 là một năm khó khăn', '2022'])(
    'is not a date line: %s',
    (line) => {
      expect(parseDateLine(line)).toBeNull();
    },
  );

  it('normalises machine dates', () => {
    expect(normalizeMachineDate('2022-01-28T10:00:00+0700')).toBe('2022-01-28T10:00:00+07:00');
    expect(normalizeMachineDate('2022-01-28T03:00:00.000Z')).toBe('2022-01-28T03:00:00Z');
    expect(normalizeMachineDate('2022-01-28')).toBe('2022-01-28');
    expect(normalizeMachineDate('Fri, 28 Jan 2022 03:00:00 GMT')).toBe('2022-01-28T03:00:00Z');
    expect(normalizeMachineDate('garbage')).toBeNull();
  });

  it('finds a Vietnamese date under the headline of an HTML page', () => {
    const html = `<html><body><header>Thứ Bảy, 28/11/2026</header><article><h1>Tiêu đề bài báo</h1>
      <div class="meta">Thứ Sáu, 28/1/2022 14:05 (GMT+7)</div><p>${VI_TEXT}</p><p>${VI_TEXT}</p></article></body></html>`;
    expect(extractArticle(html, { url: 'https://baomoi.example/a' }).publishedAt).toBe(
      '2022-01-28T14:05:00+07:00',
    );
  });

  it('prefers JSON-LD and meta over text', () => {
    const html = `<html><head><script type="application/ld+json">{"@graph":[{"@type":"NewsArticle","datePublished":"2021-05-06T08:00:00+07:00"}]}</script></head>
      <body><article><h1>T</h1><p>28/1/2022</p><p>${VI_TEXT}</p></article></body></html>`;
    expect(extractArticle(html).publishedAt).toBe('2021-05-06T08:00:00+07:00');
  });
});

describe('source and footer lines', () => {
  it.each([
    ['(nhandan.com.vn)', 'nhandan.com.vn'],
    ['(vnexpress.net)', 'vnexpress.net'],
    ['Nguồn: tuoitre.vn', 'tuoitre.vn'],
    ['Source: Reuters', 'Reuters'],
    ['Theo VnExpress', 'VnExpress'],
    ['(Theo TTXVN)', 'TTXVN'],
    ['Theo ông Nam, giá sẽ tăng', null],
    ['Reuters reported that prices rose.', null],
  ])('%s -> %s', (line, site) => {
    expect(parseSourceLine(line)).toBe(site);
  });

  it.each([
    'Chia sẻ',
    'Bình luận (5)',
    'Gửi bình luận',
    'Tin liên quan',
    'Xem thêm:',
    'In bài',
    'Share this article',
    'Related articles',
    'Comments',
    'Print',
    'Subscribe to our newsletter',
  ])('footer boilerplate: %s', (line) => expect(isBoilerplateLine(line)).toBe(true));

  it('a long line is never boilerplate', () => {
    expect(
      isBoilerplateLine('Comments made by the minister on Tuesday drew criticism from across the spectrum.'),
    ).toBe(false);
  });
});

describe('language', () => {
  it('detects Vietnamese from one sentence, and other languages from common words', () => {
    expect(detectLanguage(VI_TEXT)).toBe('vi');
    expect(detectLanguage('Hà Nội mùa thu, cây cơ đỏ.')).toBe('vi');
    expect(detectLanguage('The river rose over the market and the traders rebuilt their stalls.')).toBe('en');
    expect(detectLanguage('Le café est prêt et la fenêtre est ouverte dans la cuisine.')).toBe('fr');
    expect(detectLanguage('東京は日本の首都です。ひらがなもあります。')).toBe('ja');
    expect(detectLanguage('12345')).toBeNull();
  });

  it('takes the declared language unless the text is clearly Vietnamese', () => {
    expect(primaryLanguage('vi-VN')).toBe('vi');
    expect(primaryLanguage('en_US')).toBe('en');
    expect(resolveLanguage('en', VI_TEXT)).toBe('vi');
    expect(resolveLanguage('de', 'kurz')).toBe('de');
  });
});
