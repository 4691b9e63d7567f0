import { searchQuery } from './ticket-search.service';

describe('search box → tsquery', () => {
  it('matches every word as a prefix, lower-cased', () => {
    expect(searchQuery('Wrong PROD')).toBe('wrong:* & prod:*');
    expect(searchQuery('  réclamation  colis ')).toBe('réclamation:* & colis:*');
  });

  it('lets no tsquery syntax through', () => {
    expect(searchQuery("a' | b:* & !c <-> (d)")).toBe('a:* & b:* & c:* & d:*');
    expect(searchQuery('&|!:*()')).toBeNull();
    expect(searchQuery('')).toBeNull();
  });

  it('bounds the number and length of words', () => {
    expect(searchQuery(Array.from({ length: 20 }, (_, i) => `w${i}`).join(' '))!.split(' & ')).toHaveLength(8);
    expect(searchQuery('x'.repeat(500))).toBe(`${'x'.repeat(64)}:*`);
  });
});
