import { catalogProblems, createI18n, formatMoney, pickLocale, SHARED_MESSAGES } from '.';

/** Every key path of a message tree. */
const keys = (tree: object, prefix = ''): string[] =>
  Object.entries(tree).flatMap(([k, v]) => (v && typeof v === 'object' ? keys(v as object, `${prefix}${k}.`) : [`${prefix}${k}`]));

describe('i18n', () => {
  it('has every shared text in both languages', () => {
    expect(keys(SHARED_MESSAGES['zh-CN']).sort()).toEqual(keys(SHARED_MESSAGES.en).sort());
    expect(catalogProblems(SHARED_MESSAGES)).toEqual([]);
  });

  it('names what a catalog lacks: a key, a text, a placeholder', () => {
    const problems = catalogProblems({
      en: { a: { b: 'Hi {{name}}', c: 'Cart', d: 'x' } },
      'zh-CN': { a: { b: '你好 {{user}}', d: '' }, e: '多余' },
    });
    expect(problems).toEqual(['a.b: placeholders differ (en: name, zh-CN: user)', 'a.c: missing in zh-CN', 'a.d: not a text in both locales', 'e: missing in en']);
  });

  it('translates with the app texts over the shared ones and falls back to English', () => {
    const i18n = createI18n({ en: { shop: { cart: 'Cart' } }, 'zh-CN': { shop: { cart: '购物车' } } }, 'zh-CN');
    expect(i18n.t('shop.cart')).toBe('购物车');
    expect(i18n.t('errors.OUT_OF_STOCK')).toBe('抱歉，库存不足。');
    expect(i18n.t('login.codeSent', { email: 'a@b.dev', minutes: 10 })).toContain('a@b.dev');
  });

  it('formats money from minor units per currency and locale', () => {
    expect(formatMoney({ amount: 1250, currency: 'EUR' }, 'en')).toBe('€12.50');
    expect(formatMoney({ amount: 8800, currency: 'CNY' }, 'zh-CN')).toBe('¥88.00');
    expect(formatMoney({ amount: 500, currency: 'JPY' }, 'en')).toBe('¥500');
  });

  it('picks zh-CN for every Chinese tag and English otherwise', () => {
    expect(['zh', 'zh-CN', 'zh-Hans-CN'].map(pickLocale)).toEqual(['zh-CN', 'zh-CN', 'zh-CN']);
    expect(['de-DE', 'en', undefined].map(pickLocale)).toEqual(['en', 'en', 'en']);
  });
});
