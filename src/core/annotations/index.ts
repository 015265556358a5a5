/** The annotation engine: pure functions on plain NFC text (offsets are UTF-16 code units). */
export { anchor, ANCHOR_DEFAULTS } from './anchor.js';
export type { AnchorMethod, AnchorOptions, AnchorResult } from './anchor.js';
export { CONTEXT_LENGTH, describeQuote, describeRange } from './describe.js';
export type { QuoteHint } from './describe.js';
export { findQuoteMatches } from './exact-match.js';
export { matchQuote } from './match-quote.js';
export type { MatchContext, ScoredMatch } from './match-quote.js';
export { codePointToUtf16Offset, utf16ToCodePointOffset } from './offsets.js';
export { reanchorAll } from './reanchor.js';
export type { ReanchorInput, ReanchorOutcome } from './reanchor.js';
export { segmentsForHighlights } from './segments.js';
export type { HighlightRange, HighlightSegment } from './segments.js';
export type * from './types.js';
