/** Kept in step with package.json by the test in tests/foundation/version.test.ts. */
export const KHO_VERSION = '0.1.0';
