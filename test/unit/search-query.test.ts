// Reading a search without HTTP: the query string schema (what the search page and the API
// accept), the filter words taken out of the typed text (query-intent.ts), and the engine query
// built from both.
import { searchQuery, toEngineQuery } from '../../server/search/search-query';
import { filterOffers } from '../../server/features/search/search-service';
import { readQueryIntent } from '../../server/search/query-intent';

const parse = (query: Record<string, unknown>) => searchQuery.safeParse(query);
const params = (query: Record<string, unknown>) => searchQuery.parse(query);
const failedPaths = (query: Record<string, unknown>) =>
  (parse(query).error?.issues ?? []).map((issue) => issue.path.join('.'));

describe('the search query string', () => {
  it('reads an empty query as "everything, first page, by relevance"', () => {
    expect(params({})).toEqual({
      category: [],
      day: [],
      time: [],
      level: [],
      language: [],
      district: [],
      eligibility: [],
      delivery: [],
      access: [],
      radius: 3,
      page: 1,
      sort: 'relevance',
    });
  });

  it('takes a repeated parameter as a list, a single one as a list of one, an empty one as none', () => {
    expect(params({ day: ['mon', 'tue'] }).day).toEqual(['mon', 'tue']);
    expect(params({ day: 'sat' }).day).toEqual(['sat']);
    expect(params({ day: '' }).day).toEqual([]);
  });

  it('refuses values outside the vocabulary, naming the parameter', () => {
    expect(failedPaths({ category: 'astrology' })).toEqual(['category.0']);
    expect(failedPaths({ day: ['mon', 'funday'] })).toEqual(['day.1']);
    expect(failedPaths({ level: 'D1' })).toEqual(['level.0']);
    expect(failedPaths({ cost: 'paid' })).toEqual(['cost']);
    expect(failedPaths({ weekend: 'yes' })).toEqual(['weekend']);
    expect(failedPaths({ sort: 'cheapest' })).toEqual(['sort']);
  });

  it('accepts two- and three-letter language codes, lowercase only', () => {
    expect(params({ language: ['ti', 'fil'] }).language).toEqual(['ti', 'fil']);
    for (const code of ['FR', 'f', 'fren', 'fr-CH']) {
      expect(failedPaths({ language: code })).toEqual(['language.0']);
    }
  });

  it('keeps numbers within their bounds', () => {
    expect(params({ page: '500' }).page).toBe(500);
    expect(failedPaths({ page: '0' })).toEqual(['page']);
    expect(failedPaths({ page: '501' })).toEqual(['page']);
    expect(failedPaths({ page: '1.5' })).toEqual(['page']);
    expect(params({ startsWithin: '52' }).startsWithin).toBe(52);
    expect(failedPaths({ startsWithin: '53' })).toEqual(['startsWithin']);
    expect(params({ maxCost: '0' }).maxCost).toBe(0);
    expect(failedPaths({ maxCost: '-1' })).toEqual(['maxCost']);
  });

  it('allows at most twenty values of one parameter', () => {
    const days = Array.from({ length: 20 }, (_, i) => ['mon', 'tue'][i % 2]);
    expect(parse({ day: days }).success).toBe(true);
    expect(failedPaths({ day: [...days, 'wed'] })).toEqual(['day']);
  });

  it('trims the text and refuses one longer than 200 characters', () => {
    expect(params({ q: '  cours de français  ' }).q).toBe('cours de français');
    expect(parse({ q: 'a'.repeat(200) }).success).toBe(true);
    expect(failedPaths({ q: 'a'.repeat(201) })).toEqual(['q']);
  });

  it('wants "latitude,longitude" for near, and near for sort=nearest', () => {
    expect(params({ near: '46.5225,6.6328', sort: 'nearest' }).near).toBe('46.5225,6.6328');
    expect(failedPaths({ near: 'Lausanne' })).toEqual(['near']);
    expect(failedPaths({ near: '46.5' })).toEqual(['near']);
    expect(failedPaths({ sort: 'nearest' })).toEqual(['sort']);
  });
});

describe('filter words in the typed text', () => {
  it('finds nothing in an empty or missing query', () => {
    for (const q of [undefined, '', '   ']) {
      expect(readQueryIntent(q)).toEqual({ text: '', prefer: {}, asked: [] });
    }
  });

  it('takes filter words out of the text and prefers what they ask for', () => {
    expect(readQueryIntent('cours gratuit le soir')).toEqual({
      text: 'cours',
      prefer: { free: true, times: ['evening'] },
      asked: [
        { intent: 'free', param: 'cost', value: 'free' },
        { intent: 'evening', param: 'time', value: 'evening' },
      ],
    });
  });

  it('matches whatever the case, accents and punctuation, in any script', () => {
    expect(readQueryIntent('Cours GRATUIT').text).toBe('Cours');
    expect(readQueryIntent('French, free!').prefer).toEqual({ free: true });
    expect(readQueryIntent('دروس مجانية')).toMatchObject({ text: 'دروس', prefer: { free: true } });
  });

  it('takes the longest phrase: "free of charge" leaves nothing of itself behind', () => {
    expect(readQueryIntent('english free of charge').text).toBe('english');
  });

  it('reads CEFR levels, once each and in order, and nothing that only looks like one', () => {
    expect(readQueryIntent('b1 French A2 a2').prefer).toEqual({ levels: ['A2', 'B1'] });
    expect(readQueryIntent('c3 a2b')).toEqual({ text: 'c3 a2b', prefer: {}, asked: [] });
  });

  it('keeps an empty text when the query is only filter words (every service, preferred first)', () => {
    expect(readQueryIntent('soir du soir')).toEqual({
      text: '',
      prefer: { times: ['evening'] },
      asked: [{ intent: 'evening', param: 'time', value: 'evening' }],
    });
  });
});

describe('the engine query built from the parameters', () => {
  const NOW = Date.UTC(2026, 11, 3, 10);

  it('sends no text and no preference for an empty search, and every filter off', () => {
    expect(toEngineQuery(params({}), NOW)).toEqual({
      q: undefined,
      filters: {
        category: [],
        free: false,
        maxCost: undefined,
        days: [],
        times: [],
        weekend: false,
        startsWithinWeeks: undefined,
        levels: [],
        languages: [],
        districts: [],
        near: undefined,
        eligibility: [],
        delivery: [],
        access: [],
        childcare: false,
      },
      sort: 'relevance',
      page: 1,
      pageSize: 20,
      now: NOW,
    });
  });

  it('turns near and radius into a point with its radius', () => {
    const query = toEngineQuery(params({ near: '46.5225,-6.6328', radius: '0.5' }), NOW);
    expect(query.filters.near).toEqual({ lat: 46.5225, lng: -6.6328, radiusKm: 0.5 });
  });

  it('searches the text without its filter words and prefers what they asked for', () => {
    const query = toEngineQuery(params({ q: 'yoga samedi', cost: 'free' }), NOW);
    expect(query.q).toBe('yoga');
    expect(query.prefer).toEqual({ days: ['sat'] });
    expect(query.filters.free).toBe(true);
  });

  it('offers a filter the words asked for only while it is not applied', () => {
    expect(filterOffers(params({ q: 'cours gratuit A2' }))).toEqual([
      { intent: 'free', param: 'cost', value: 'free' },
      { intent: 'level', param: 'level', value: 'A2' },
    ]);
    expect(filterOffers(params({ q: 'cours gratuit A2', cost: 'free', level: 'A2' }))).toEqual([]);
    expect(filterOffers(params({ q: 'cours A2', level: 'B1' }))).toEqual([
      { intent: 'level', param: 'level', value: 'A2' },
    ]);
  });
});
