import type { ArchiveContext, AreaHandlers } from './context.js';

/** Pairing browsers with Kho (src/core/connector-pairing.ts); the connector and Settings call these. */
export function connectorHandlers({ connector }: ArchiveContext): AreaHandlers<'connector'> {
  return {
    'connector.pair': async ({ name, origin }) => connector.request(name, origin),
    'connector.pairStatus': async ({ id, origin }) => connector.status(id, origin),
    'connector.verify': async ({ token, origin }) => connector.verify(token, origin),
    'connector.pairings': async () => connector.list(),
    'connector.approve': async ({ id }) => connector.approve(id),
    'connector.deny': async ({ id }) => connector.deny(id),
    'connector.revoke': async ({ browser_id }) => connector.revoke(browser_id),
  };
}
