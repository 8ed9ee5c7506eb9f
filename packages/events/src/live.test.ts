import { filterMap, Queue, StreamOverflowError } from './live';

describe('live stream queue', () => {
  it('hands out pushed items in order, to a waiting reader too', async () => {
    const q = new Queue<number>(10);
    const waiting = q.next();
    q.push(1);
    q.push(2);
    expect(await waiting).toEqual({ value: 1, done: false });
    expect(await q.next()).toEqual({ value: 2, done: false });
  });

  it('fails with StreamOverflowError past its bound, and calls onEnd once', async () => {
    const onEnd = jest.fn();
    const q = new Queue<number>(2, onEnd);
    for (let i = 0; i < 5; i++) q.push(i);
    await expect(q.next()).rejects.toBeInstanceOf(StreamOverflowError);
    expect(await q.next()).toEqual({ value: undefined, done: true });
    expect(onEnd).toHaveBeenCalledTimes(1);
  });

  it('ends a waiting reader on return(), and ignores later pushes', async () => {
    const q = new Queue<number>(2);
    const waiting = q.next();
    await q.return();
    q.push(1);
    expect(await waiting).toEqual({ value: undefined, done: true });
    expect(await q.next()).toEqual({ value: undefined, done: true });
  });

  it('filterMap skips items mapped to undefined and closes its source', async () => {
    const q = new Queue<number>(10);
    const evens = filterMap(q, (n) => (n % 2 === 0 ? `even ${n}` : undefined));
    for (const n of [1, 2, 3, 4]) q.push(n);
    expect(await evens.next()).toEqual({ value: 'even 2', done: false });
    expect(await evens.next()).toEqual({ value: 'even 4', done: false });
    await evens.return();
    expect(await q.next()).toEqual({ value: undefined, done: true });
  });
});
