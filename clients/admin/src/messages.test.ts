import { catalogProblems } from '@miw/client-shared';
import { messages } from './messages';

describe('the admin panel texts', () => {
  it('say everything in English and Simplified Chinese, with the same placeholders', () => {
    expect(catalogProblems(messages)).toEqual([]);
  });
});
