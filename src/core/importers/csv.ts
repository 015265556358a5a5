import { parse } from 'csv-parse/sync';
import type { ProblemList } from './limits.js';

/**
 * CSV exports read with csv-parse, one malformed row at a time: when a row breaks the CSV rules
 * (a stray quote, a quote never closed, a runaway row), it is reported by its row number and
 * parsing resumes on the next physical line, so the good rows around it still import.
 */

export interface CsvRow {
  /** Spreadsheet numbering: the header is row 1. */
  row: number;
  /** Physical line where the row starts (rows can span lines inside quotes). */
  line: number;
  fields: string[];
}

export interface CsvTable {
  header: string[];
  rows: CsvRow[];
}

/** Longest row accepted; a longer one almost always means a quote was never closed. */
const MAX_RECORD_CHARS = 256_000;
/** Structural errors after which the file is clearly not CSV and reading stops. */
const MAX_SYNTAX_ERRORS = 200;

const NEWLINE = 0x0a;

interface CsvParseError extends Error {
  code?: string;
}

function plainReason(err: CsvParseError): string {
  switch (err.code) {
    case 'CSV_INVALID_CLOSING_QUOTE':
      return 'a quoted value has text after its closing quote';
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a quoted value is never closed (a " is missing)';
    case 'CSV_MAX_RECORD_SIZE':
      return `the row is longer than ${MAX_RECORD_CHARS.toLocaleString('en')} characters (a " is probably missing)`;
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return 'a quoted value has text after its closing quote';
    default:
      return err.message.replace(/\s+/g, ' ');
  }
}

/** All rows of a CSV text; the first non-empty row is the header. Bad rows land in `problems`. */
export function readCsv(csvText: string, problems: ProblemList): CsvTable {
  const buf = Buffer.from(csvText, 'utf8');
  const records: CsvRow[] = [];
  let offset = 0; // byte offset where the current parse pass starts
  let rowCount = 0;
  let syntaxErrors = 0;
  // Line numbers come from counting "\n" up to each row's first byte: csv-parse counts a CRLF
  // inside a quoted value as two lines.
  let cursorByte = 0;
  let cursorLine = 1;
  const lineAt = (pos: number): number => {
    cursorLine += countNewlines(buf, cursorByte, pos);
    cursorByte = pos;
    return cursorLine;
  };

  while (offset < buf.length) {
    let endByte = 0; // relative to `offset`: end of the last good record
    try {
      parse(buf.subarray(offset), {
        relax_column_count: true,
        skip_empty_lines: false,
        max_record_size: MAX_RECORD_CHARS,
        on_record: (record: string[], ctx: { bytes: number }) => {
          rowCount++;
          records.push({ row: rowCount, line: lineAt(offset + endByte), fields: record });
          endByte = ctx.bytes;
          return null; // nothing accumulates inside csv-parse
        },
      });
      break;
    } catch (e) {
      const err = e as CsvParseError;
      rowCount++;
      syntaxErrors++;
      const start = offset + endByte;
      problems.add(`row ${rowCount}`, `Line ${lineAt(start)}: ${plainReason(err)}; skipped.`);
      if (syntaxErrors >= MAX_SYNTAX_ERRORS) {
        problems.add(
          'file',
          `Stopped reading after ${MAX_SYNTAX_ERRORS} malformed rows: this does not look like a CSV file.`,
        );
        break;
      }
      // Resume on the line after the one where the bad row starts.
      const eol = buf.indexOf(NEWLINE, start);
      offset = eol === -1 ? buf.length : eol + 1;
    }
  }

  const nonEmpty = records.filter((r) => r.fields.some((f) => f.trim() !== ''));
  const [head, ...rows] = nonEmpty;
  return { header: head ? head.fields.map((h) => h.trim()) : [], rows };
}

function countNewlines(buf: Buffer, from: number, to: number): number {
  let n = 0;
  for (let i = buf.indexOf(NEWLINE, from); i !== -1 && i < to; i = buf.indexOf(NEWLINE, i + 1)) n++;
  return n;
}

/** Index of each wanted column by its header name (case and spaces ignored); -1 when absent. */
export function columnIndex(header: readonly string[], names: readonly string[]): Record<string, number> {
  const norm = header.map((h) => h.toLowerCase().replace(/\s+/g, ' ').trim());
  return Object.fromEntries(names.map((n) => [n, norm.indexOf(n.toLowerCase())]));
}

/**
 * The row's fields when its width matches the header; trailing empty cells beyond the header are
 * tolerated (spreadsheet apps add them). Otherwise the row is reported and skipped.
 */
export function rowFields(row: CsvRow, width: number, problems: ProblemList): string[] | null {
  const f = row.fields;
  if (f.length === width) return f;
  if (f.length > width && f.slice(width).every((x) => x.trim() === '')) return f.slice(0, width);
  problems.add(
    `row ${row.row}`,
    `Line ${row.line}: has ${f.length} value${f.length === 1 ? '' : 's'} where the header has ${width} columns; skipped.`,
  );
  return null;
}
