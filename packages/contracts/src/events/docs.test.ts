/** docs/events.md lists every event contract (the map of who writes and reads what stays true). */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as contracts from '../index';

const isContract = (value: unknown): value is { name: string } => typeof value === 'object' && value !== null && 'name' in value && 'verbs' in value && 'parse' in value;

it('names every contract in docs/events.md', () => {
  const doc = readFileSync(path.resolve(__dirname, '../../../../docs/events.md'), 'utf8');
  const names: string[] = [];
  for (const value of Object.values(contracts)) if (isContract(value)) names.push(value.name);
  expect(names.length).toBeGreaterThanOrEqual(12);
  expect(names.filter((name) => !doc.includes(`\`${name}\``))).toEqual([]);
});
