import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { strToU8, zipSync, type Zippable } from 'fflate';
import { KhoError } from '../../../shared/errors.js';
import { dayStamp, type ExportDoc, type ExportFile } from '../types.js';
import { nameKey, safeFileStem, uniqueFileName } from './file-names.js';
import { readNote, writeNote, MARKER, type ReadNote } from './note.js';

export interface FolderEntry {
  name: string;
  article_id: number;
  action: 'created' | 'updated' | 'unchanged' | 'skipped';
  reason: string | null;
}

/** New notes get names in article-id order, so exporting the same articles twice names them the same. */
function assignNames(docs: ExportDoc[], taken: Set<string>, known: Map<number, string>): Map<number, string> {
  const names = new Map(known);
  for (const d of [...docs].sort((a, b) => a.article.id - b.article.id)) {
    if (names.has(d.article.id)) continue;
    const name = uniqueFileName(safeFileStem(d.article.title), taken);
    taken.add(nameKey(name));
    names.set(d.article.id, name);
  }
  return names;
}

function prepareFolder(folder: string): void {
  let isDir: boolean;
  try {
    isDir = statSync(folder).isDirectory();
  } catch {
    mkdirSync(folder, { recursive: true });
    return;
  }
  if (!isDir)
    throw new KhoError('INVALID_INPUT', `${folder} is a file, not a folder; choose a folder to export into.`);
}

/** The notes already in the folder that Kho wrote, by article id (the first by name when a note was copied). */
function existingNotes(folder: string): {
  taken: Set<string>;
  byId: Map<number, { name: string; note: ReadNote }>;
} {
  const taken = new Set<string>();
  const byId = new Map<number, { name: string; note: ReadNote }>();
  const entries = readdirSync(folder, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const e of entries) {
    taken.add(nameKey(e.name));
    if (!e.isFile() || !/\.md$/i.test(e.name)) continue;
    let text: string;
    try {
      text = readFileSync(path.join(folder, e.name), 'utf8');
    } catch {
      continue; // unreadable: not ours to touch, and its name stays taken
    }
    const note = readNote(text);
    if (note.khoId !== null && !byId.has(note.khoId)) byId.set(note.khoId, { name: e.name, note });
  }
  return { taken, byId };
}

/** Replaces a file in one step: a crash mid-write never leaves a note half-written. */
function writeAtomically(file: string, text: string): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.kho-${process.pid}.tmp`);
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/**
 * Writes one note per article into `folder`. A note Kho wrote before (found by the `kho_id` in its front
 * matter, whatever its file is called now) is updated in place; the user's text below the marked line, and
 * their own front matter keys, are kept. Files that are not Kho's are never touched.
 */
export function writeObsidianFolder(folderPath: string, docs: ExportDoc[], template: string) {
  const folder = path.resolve(folderPath);
  prepareFolder(folder);
  const { taken, byId } = existingNotes(folder);
  const names = assignNames(docs, taken, new Map([...byId].map(([id, v]) => [id, v.name])));
  const files: FolderEntry[] = [];
  for (const { article, annotations } of docs) {
    const name = names.get(article.id)!;
    const file = path.join(folder, name);
    const old = byId.get(article.id)?.note;
    const entry = (action: FolderEntry['action'], reason: string | null = null) =>
      files.push({ name, article_id: article.id, action, reason });
    if (old && old.userPart === null) {
      entry(
        'skipped',
        `the line "${MARKER}" is gone, so Kho cannot tell your notes from its own; put it back to update this note`,
      );
      continue;
    }
    if (old && old.frontMatter === null) {
      entry('skipped', 'its front matter is no longer valid YAML; fix it to update this note');
      continue;
    }
    const text = writeNote(article, annotations, template, old ?? undefined);
    if (old) {
      if (readFileSync(file, 'utf8') === text) {
        entry('unchanged');
        continue;
      }
      writeAtomically(file, text);
      entry('updated');
    } else {
      writeAtomically(file, text);
      entry('created');
    }
  }
  return { path: folder, files };
}

/** The same notes as a zip of one folder, for clients that cannot name a folder on this machine. */
export function obsidianZip(docs: ExportDoc[], template: string, now = new Date()): ExportFile {
  const dir = `kho-obsidian-${dayStamp(now)}`;
  const names = assignNames(docs, new Set(), new Map());
  const files: Zippable = {};
  for (const { article, annotations } of docs) {
    files[`${dir}/${names.get(article.id)!}`] = strToU8(writeNote(article, annotations, template));
  }
  return {
    filename: `${dir}.zip`,
    mime: 'application/zip',
    encoding: 'base64',
    content: Buffer.from(zipSync(files, { level: 6, mtime: now })).toString('base64'),
  };
}
