/**
 * The W3C Web Annotation test suite's assertion runner, for Node: every `*.test` file lists JSON-Schema
 * (draft-04) assertion files that reference the shared definitions/*.json. An assertion passes when the
 * instance's validity equals its `expectedResult`; otherwise `onUnexpectedResult` decides
 * (failAndContinue/failAndSkip = fail, passAndContinue = pass: an optional feature not implemented).
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

import Ajv from 'ajv-draft-04';
import type { ValidateFunction } from 'ajv-draft-04';
import addFormats from 'ajv-formats';

import { FIXTURES_DIR } from '../helpers/paths.js';

export const W3C_DIR = path.join(FIXTURES_DIR, 'w3c-web-annotation-tests');

export interface Assertion {
  file: string;
  title: string;
  assertionType: 'must' | 'should' | 'may';
  expectedResult: 'valid' | 'invalid';
  onUnexpectedResult: string;
  errorMessage?: string;
  validate: ValidateFunction;
}

export interface AssertionOutcome {
  file: string;
  assertionType: Assertion['assertionType'];
  passed: boolean;
  message?: string;
}

const readJson = (file: string): Record<string, unknown> =>
  JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;

export function createValidator(): { load: (testFile: string) => Assertion[] } {
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
  addFormats(ajv);
  for (const f of readdirSync(path.join(W3C_DIR, 'definitions'))) {
    if (f.endsWith('.json')) ajv.addSchema(readJson(path.join(W3C_DIR, 'definitions', f)));
  }
  const compiled = new Map<string, Assertion>();
  const load = (testFile: string): Assertion[] => {
    const test = readJson(path.join(W3C_DIR, testFile));
    return (test.assertions as string[]).map((rel) => {
      const known = compiled.get(rel);
      if (known) return known;
      const schema = readJson(path.join(W3C_DIR, rel));
      const a: Assertion = {
        file: rel,
        title: String(schema.title ?? rel),
        assertionType: (schema.assertionType as Assertion['assertionType']) ?? 'must',
        expectedResult: (schema.expectedResult as Assertion['expectedResult']) ?? 'valid',
        onUnexpectedResult: String(schema.onUnexpectedResult ?? 'failAndContinue'),
        validate: ajv.compile(schema),
      };
      if (typeof schema.errorMessage === 'string') a.errorMessage = schema.errorMessage;
      compiled.set(rel, a);
      return a;
    });
  };
  return { load };
}

export function runAssertion(a: Assertion, instance: unknown): AssertionOutcome {
  const valid = a.validate(instance) === true;
  const asExpected = valid === (a.expectedResult === 'valid');
  const passed = asExpected || a.onUnexpectedResult.startsWith('pass');
  const outcome: AssertionOutcome = { file: a.file, assertionType: a.assertionType, passed };
  if (!passed) outcome.message = a.errorMessage ?? a.title;
  return outcome;
}
