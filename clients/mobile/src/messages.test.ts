import { describe, expect, it } from '@jest/globals';
import { catalogProblems } from '@miw/client-shared';
import { messages } from './messages';

describe('the shopper app texts', () => {
  it('say everything in English and Simplified Chinese, with the same placeholders', () => {
    expect(catalogProblems(messages)).toEqual([]);
  });
});
