import { expect } from 'vitest';
import { KhoError } from '../../src/shared/errors.js';

/** The KhoError a call fails with; fails the test if the call succeeds or throws anything else. */
export async function failure(p: Promise<unknown>): Promise<KhoError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(KhoError);
    return e as KhoError;
  }
  throw new Error('expected the call to fail');
}
