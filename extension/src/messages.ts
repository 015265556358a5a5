/**
 * Messages from the popup to the background. The background does the saving and the waiting for
 * pairing approval, because a popup closes as soon as the person clicks elsewhere (such as in Kho).
 */
export type BackgroundRequest = { type: 'save-tab'; tabId: number } | { type: 'pair'; tabId: number };
