import { requestIdFrom } from './request-id';

describe('requestIdFrom', () => {
  it('keeps a sane incoming id', () => {
    for (const id of ['abc', 'f47ac10b-58cc-4372-a567-0e02b2c3d479', 'Root=1-5e1b4151-5ac6c58f', 'a'.repeat(128)])
      expect(requestIdFrom(id)).toBe(id);
  });

  it('replaces a missing, repeated, too long or unsafe one with a fresh UUID', () => {
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
    for (const header of [undefined, '', ['a', 'b'], 'a'.repeat(129), 'has space', 'line\nbreak', '"quoted"', 'semi;colon'])
      expect(requestIdFrom(header)).toMatch(uuid);
    expect(requestIdFrom(undefined)).not.toBe(requestIdFrom(undefined));
  });
});
