import { describe, expect, it } from 'vitest';
import { lookupDivision, validateDivisionCode } from '@hutong/gb-codes';
import { DEMO_DISTRICTS } from '../demo/demo-people';
import { SCALE_DISTRICTS } from './scale-districts';

describe('SCALE_DISTRICTS', () => {
  it('are every current county-level division of Guangzhou, Zhongshan, Chengdu and Zhengzhou, once', () => {
    const codes = SCALE_DISTRICTS.map((district) => district.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(validateDivisionCode(code, { allowHistorical: false }).ok, code).toBe(true);
    for (const city of ['440100', '510100', '410100']) {
      const children = codes.filter((code) => lookupDivision(code)?.parentCode === city);
      expect(children.length, city).toBeGreaterThan(10);
    }
    expect(codes).toContain('442000');
    for (const code of DEMO_DISTRICTS) expect(codes).toContain(code);
  });

  it('carry their GB/T 2260 names and full-address prefixes', () => {
    const tianhe = SCALE_DISTRICTS.find((district) => district.code === '440106');
    expect(tianhe).toMatchObject({ name: '天河区', cityName: '广州市', cityShort: '广州', addressPrefix: '广东省广州市天河区' });
    expect(tianhe?.streets).toContain('天河路');
    expect(SCALE_DISTRICTS.find((district) => district.code === '442000')).toMatchObject({
      addressPrefix: '广东省中山市',
      cityName: '中山市',
    });
    expect(SCALE_DISTRICTS.find((district) => district.code === '510121')?.addressPrefix).toBe('四川省成都市金堂县');
  });

  it('weigh the districts by their 2020 census populations (about 54 million together, functional zones not counted apart)', () => {
    const total = SCALE_DISTRICTS.reduce((sum, district) => sum + district.population, 0);
    expect(total).toBeGreaterThan(5_300);
    expect(total).toBeLessThan(5_700);
    const city = (prefix: string) =>
      SCALE_DISTRICTS.filter((d) => d.code.startsWith(prefix)).reduce((sum, d) => sum + d.population, 0);
    expect(city('4401')).toBeGreaterThan(1_800); // 广州 18.7 million
    expect(city('4420')).toBeGreaterThan(400); // 中山 4.4 million
  });
});
