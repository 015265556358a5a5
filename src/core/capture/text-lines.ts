import { parseDateLine } from './dates.js';

/**
 * Line classifiers for plain-text articles copied from news sites: source lines, footer boilerplate,
 * captions and bylines. Each rule is conservative (short lines only) so that a real paragraph is
 * never mistaken for furniture.
 */

export { parseDateLine };

/** Removes all whitespace at the edges, NBSP and other Unicode spaces included. */
export function trimAll(s: string): string {
  return s.replace(/^[\s\u00a0\u2000-\u200b\u3000\ufeff]+|[\s\u00a0\u2000-\u200b\u3000\ufeff]+$/gu, '');
}

export function isIndented(rawLine: string): boolean {
  return /^[ \t\u00a0\u2000-\u200a\u3000]/u.test(rawLine);
}

const DOMAIN = /^(?:https?:\/\/)?(?:www\.)?((?:[\p{L}\d](?:[\p{L}\d-]*[\p{L}\d])?\.)+[a-z]{2,})\/?$/iu;

/**
 * "(nhandan.com.vn)", "Nguồn: tuoitre.vn", "Source: Reuters", "Theo VnExpress", "(Theo TTXVN)" ->
 * the site name; null when the line is anything else.
 */
export function parseSourceLine(line: string): string | null {
  let t = trimAll(line);
  if (t.length === 0 || t.length > 60) return null;
  const bracketed = /^[([]\s*(.+?)\s*[)\]]\.?$/u.exec(t);
  if (bracketed) t = bracketed[1] as string;
  const labelled = /^(?:nguồn(?:\s+tin)?|source|sources|theo|via|according to)\s*[:：\-–—]?\s+(.+)$/iu.exec(
    t,
  );
  const name = trimAll((labelled ? labelled[1] : t) as string).replace(/[.;]$/, '');
  const domain = DOMAIN.exec(name);
  if (domain) return (domain[1] as string).toLowerCase();
  // Without a label, only a bracketed domain counts ("(Reuters)" could open a sentence).
  if (!labelled) return null;
  // A name, not a clause: a few words, no sentence punctuation ("Theo ông A, ..." is prose).
  if (/[,;:!?"“”]/.test(name) || name.split(/\s+/).length > 5) return null;
  if (!/^[\p{Lu}\d]/u.test(name)) return null;
  return name;
}

const BOILERPLATE_VI = [
  'gửi cho bạn bè', 'gửi bạn bè', 'phản hồi', 'thông tin người gửi phản hồi', 'gửi phản hồi', 'chia sẻ',
  'chia sẻ bài viết', 'bình luận', 'gửi bình luận', 'viết bình luận', 'ý kiến bạn đọc', 'ý kiến của bạn',
  'tin liên quan', 'bài liên quan', 'bài viết liên quan', 'tin cùng chuyên mục', 'tin khác', 'xem thêm',
  'đọc thêm', 'in bài', 'in trang', 'bản in', 'lên đầu trang', 'về đầu trang', 'quay lại', 'trở về',
  'từ khóa', 'từ khoá', 'tags', 'tag', 'bạn đọc quan tâm', 'đánh giá bài viết', 'lưu bài', 'lưu bài viết',
  'theo dõi', 'đăng ký', 'nhận tin', 'quảng cáo', 'bản quyền', 'copy link', 'sao chép liên kết', 'email',
  'facebook', 'zalo', 'twitter', 'tweet', 'thích', 'like',
]; // prettier-ignore

const BOILERPLATE_EN = [
  'share', 'share this', 'share this article', 'share this story', 'share on facebook', 'share on twitter',
  'related', 'related articles', 'related stories', 'related posts', 'read more', 'more stories', 'see also',
  'comments', 'comment', 'leave a comment', 'leave a reply', 'post a comment', 'print', 'print this article',
  'email', 'email this', 'subscribe', 'sign up', 'newsletter', 'follow us', 'advertisement', 'back to top',
  'tags', 'filed under', 'copyright', 'all rights reserved', 'recommended', 'you may also like',
]; // prettier-ignore

const BOILERPLATE = new Set([...BOILERPLATE_VI, ...BOILERPLATE_EN]);
/** Lines that may continue after the phrase ("Subscribe to our newsletter", "Tags: a, b"). */
const OPEN_ENDED =
  /^(subscribe|sign up|follow us|newsletter|tags?|từ khó?oá?|theo dõi|đăng ký|filed under|copyright|©|bản quyền|all rights reserved|share on|chia sẻ lên)\b/iu;

/** Footer furniture: only short lines, matched whole (counters like "Bình luận (12)" allowed). */
export function isBoilerplateLine(line: string): boolean {
  const t = trimAll(line);
  if (t.length === 0) return true;
  if (t.length > 60) return false;
  if (/^©/.test(t)) return true;
  const core = t
    .toLowerCase()
    .replace(/[\s:：.…»›>|•·\-–—]+$/u, '')
    .replace(/\s*[([]\s*\d+\s*[)\]]$/u, '')
    .replace(/^\d+\s+/, '')
    .trim();
  if (BOILERPLATE.has(core)) return true;
  if (/^\d+$/.test(core)) return true; // a bare counter left by a share/comment widget
  return OPEN_ENDED.test(core);
}

/** A caption: a short line without final punctuation, not a date or source line. */
export function isCaptionLine(rawLine: string): boolean {
  const t = trimAll(rawLine);
  if (t.length < 8 || t.length > 200) return false;
  if (/[.!?:;…"”»)]$/u.test(t)) return false;
  if (t.split(/\s+/).length < 3) return false;
  if (parseDateLine(t) || parseSourceLine(t)) return false;
  return isIndented(rawLine) || t.length <= 120;
}

/** An author signature at the end of Vietnamese news: "MINH ANH", "Nguyễn Văn A (TTXVN)". */
export function parseSignatureLine(line: string): string | null {
  const t = trimAll(line);
  if (t.length < 3 || t.length > 40) return null;
  const words = t.split(/\s+/);
  if (words.length < 2 || words.length > 6) return null;
  const letters = t.replace(/[^\p{L}]/gu, '');
  if (letters.length < 3 || letters !== letters.toUpperCase()) return null;
  return t
    .toLowerCase()
    .replace(/(^|\s)(\p{L})/gu, (_m, sp: string, ch: string) => sp + ch.toUpperCase())
    .normalize('NFC');
}
