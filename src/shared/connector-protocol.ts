import { z } from 'zod';
import { Annotation, ArticleSummary, Id, Tag, TagName } from './schemas.js';

/**
 * The connector's HTTP protocol: what the browser extension and the bookmarklet window send to
 * 127.0.0.1:7718 and what they get back. Every route is `POST /connector/<name>` with a JSON body and
 * answers `{ok: true, value}` or `{ok: false, error: {code, message}}`, like `kho serve`'s API.
 * The extension imports only the types (`import type`), so zod stays out of its bundle.
 */

/** The fixed port the extension and the bookmarklet look for (`kho serve` defaults to 7717). */
export const CONNECTOR_PORT = 7718;

/** A rendered page as JSON (UTF-16 text, so up to ~3x its UTF-8 size on the wire in the worst case). */
export const SAVE_BODY_LIMIT = 20 * 1024 * 1024;
/** Every other request is small. */
export const SMALL_BODY_LIMIT = 64 * 1024;

const PageUrl = z
  .string()
  .url('The page address is not a valid URL.')
  .refine((u) => /^(https?|file):/i.test(u), 'Only http, https and file pages can be saved.');

/** A TextQuoteSelector taken from the page's text (Kho's text model, 32 chars of context). */
export const PageSelection = z.object({
  exact: z
    .string()
    .min(1, 'The selection is empty.')
    .max(20_000, 'The selection is longer than 20,000 characters.'),
  prefix: z.string().max(500).default(''),
  suffix: z.string().max(500).default(''),
});
export type PageSelection = z.infer<typeof PageSelection>;

export const SaveRequest = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('page'),
    url: PageUrl,
    title: z.string().max(2000).optional(),
    /** document.documentElement.outerHTML after the page's scripts ran. */
    html: z.string().min(1, 'The page sent no HTML.'),
    selection: PageSelection.nullable().default(null),
    note: z.string().max(100_000).nullable().default(null),
    tags: z.array(TagName).max(100).default([]),
  }),
  z.object({
    kind: z.literal('link'),
    url: z
      .string()
      .url('The link is not a valid URL.')
      .refine((u) => /^https?:/i.test(u), 'Only http and https links can be saved.'),
    tags: z.array(TagName).max(100).default([]),
  }),
]);
export type SaveRequest = z.input<typeof SaveRequest>;

export const SaveResult = z.object({
  article: ArticleSummary,
  /** false: the address was already in Kho and has been refreshed in place. */
  created: z.boolean(),
  highlight: Annotation.nullable(),
  /** Why a selection could not be highlighted (the page itself is saved). */
  highlight_error: z.string().nullable(),
});
export type SaveResult = z.infer<typeof SaveResult>;

export const PingResult = z.object({
  app: z.literal('kho'),
  version: z.string(),
  /** Whether the token sent (if any) belongs to a paired browser. */
  paired: z.boolean(),
  /** Whether "Open in Kho" can show an article. */
  can_open: z.boolean(),
});
export type PingResult = z.infer<typeof PingResult>;

export const PairRequest = z.object({
  /** How Kho lists this browser ("Chromium on Linux"). */
  name: z.string().trim().min(1).max(100),
});
export const PairStarted = z.object({
  pairing_id: z.string(),
  /** The code Kho shows too; the person compares them before approving. */
  code: z.string(),
  expires_at: z.string(),
});
export type PairStarted = z.infer<typeof PairStarted>;

export const PairStatusRequest = z.object({ pairing_id: z.string().min(1).max(100) });
export const PairStatus = z.object({
  status: z.enum(['pending', 'approved', 'denied', 'expired']),
  /** Given once, with the first `approved` answer. */
  token: z.string().optional(),
});
export type PairStatus = z.infer<typeof PairStatus>;

/**
 * Kho's side of pairing: the contract's `connector.*` operations (contract.ts) that the routes above and
 * Settings use. Every process on the archive sees the same requests and browsers: they are kept in the
 * archive (src/core/connector-pairing.ts), with token hashes only.
 */
export const PendingPairing = z.object({
  id: z.string(),
  /** Shown by Kho and by the asking browser; the person compares them before approving. */
  code: z.string(),
  /** How the browser named itself ("Chromium on Linux"). */
  name: z.string(),
  /** The extension (or the connector's bookmarklet window) that asked; its token works only there. */
  origin: z.string(),
  expires_at: z.string(),
  /** approved: waiting for the browser to collect its token (it asks every second). */
  state: z.enum(['pending', 'approved']),
});
export type PendingPairing = z.infer<typeof PendingPairing>;

export const PairedBrowser = z.object({
  id: z.string(),
  name: z.string(),
  origin: z.string(),
  paired_at: z.string(),
  last_used: z.string().nullable(),
});
export type PairedBrowser = z.infer<typeof PairedBrowser>;

/** Whether this Kho answers the extension: running on `port`, off, or failed (`message` says why). */
export const ReceiverState = z.object({
  state: z.enum(['off', 'running', 'failed']),
  port: z.number().int().min(0).max(65535).nullable(),
  message: z.string().nullable(),
});
export type ReceiverState = z.infer<typeof ReceiverState>;

export const ConnectorPairings = z.object({
  pending: z.array(PendingPairing),
  browsers: z.array(PairedBrowser),
  receiver: ReceiverState,
});
export type ConnectorPairings = z.infer<typeof ConnectorPairings>;

export const TagsResult = z.object({ items: z.array(Tag) });
export type TagsResult = z.infer<typeof TagsResult>;

export const TagRequest = z.object({
  article_id: Id,
  add: z.array(TagName).max(100).default([]),
  remove: z.array(TagName).max(100).default([]),
});
export type TagRequest = z.input<typeof TagRequest>;
export const TagResult = z.object({ article: ArticleSummary });
export type TagResult = z.infer<typeof TagResult>;

export const NoteRequest = z.object({ annotation_id: Id, note: z.string().max(100_000).nullable() });
export type NoteRequest = z.input<typeof NoteRequest>;
export const NoteResult = z.object({ highlight: Annotation });
export type NoteResult = z.infer<typeof NoteResult>;

export const OpenRequest = z.object({ article_id: Id });
export const OpenResult = z.object({
  /** An address for the browser to open (`kho serve`); absent when the desktop app showed the article. */
  url: z.string().url().nullable(),
});
export type OpenResult = z.infer<typeof OpenResult>;

/** Route name -> its request and result; the extension's client is typed from this. */
export interface ConnectorRoutes {
  ping: { request: Record<string, never>; result: PingResult };
  pair: { request: z.input<typeof PairRequest>; result: PairStarted };
  'pair-status': { request: z.input<typeof PairStatusRequest>; result: PairStatus };
  save: { request: SaveRequest; result: SaveResult };
  tags: { request: Record<string, never>; result: TagsResult };
  tag: { request: TagRequest; result: TagResult };
  note: { request: NoteRequest; result: NoteResult };
  open: { request: z.input<typeof OpenRequest>; result: OpenResult };
}
export type ConnectorRoute = keyof ConnectorRoutes;

export type ConnectorResponse<T> =
  { ok: true; value: T } | { ok: false; error: { code: string; message: string } };
