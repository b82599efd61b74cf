import { describe, expect, it } from 'vitest';
import { divisionRegistry } from './division-registry';
import {
  childDivisions,
  divisionAncestors,
  divisionLevel,
  isKnownDivisionCode,
  lookupDivision,
  validateDivisionCode,
} from './divisions';

describe('lookupDivision', () => {
  it('finds a current county with its parent and history', () => {
    expect(lookupDivision('440103')).toEqual({
      code: '440103',
      name: '荔湾区',
      level: 'county',
      parentCode: '440100',
      current: true,
      since: '1980',
      until: null,
      formerNames: [],
    });
  });

  it('finds a retired code (440524 汕头 潮阳县, retired 1993)', () => {
    expect(lookupDivision('440524')).toMatchObject({
      name: '潮阳县',
      current: false,
      since: '1983',
      until: '1993',
      parentCode: '440500',
    });
  });

  it('returns the latest name and the earlier ones, latest first', () => {
    expect(lookupDivision('120110')).toMatchObject({ name: '东丽区', formerNames: ['东郊区'], since: '1980', current: true });
    expect(lookupDivision('420600')).toMatchObject({ name: '襄阳市', formerNames: ['襄樊市'] });
    expect(lookupDivision('430102')).toMatchObject({ name: '芙蓉区', formerNames: ['东区', '城东区'] });
  });

  it('does not list the current name among former names when a gap repeats it (130107 井陉矿区)', () => {
    expect(lookupDivision('130107')?.formerNames).toEqual([]);
  });

  it('resolves 510185 简阳市 under 成都市 510100', () => {
    expect(lookupDivision('510185')).toMatchObject({ name: '简阳市', parentCode: '510100', since: '2016', current: true });
  });

  it('puts municipal districts directly under the municipality (110105 → 110000)', () => {
    expect(lookupDivision('110105')).toMatchObject({ name: '朝阳区', parentCode: '110000', level: 'county' });
  });

  it('knows 中山市 442000 as a prefecture-level city directly under 广东省', () => {
    expect(lookupDivision('442000')).toMatchObject({ name: '中山市', level: 'prefecture', parentCode: '440000', current: true });
  });

  it('gives year-month precision where the list has it', () => {
    expect(lookupDivision('130284')).toMatchObject({ name: '滦州市', since: '2018-12' });
    expect(lookupDivision('130223')).toMatchObject({ name: '滦县', until: '2018-12', current: false });
  });

  it('rebuilds the 市辖区 aggregate of a prefecture-level city (370101 济南市市辖区)', () => {
    expect(lookupDivision('370101')).toEqual({
      code: '370101',
      name: '市辖区',
      level: 'county',
      parentCode: '370100',
      current: true,
      since: '1980',
      until: null,
      formerNames: [],
    });
    // 东莞 and 中山 never had districts, so they have no 市辖区 aggregate.
    expect(lookupDivision('441901')).toBeUndefined();
    expect(lookupDivision('442001')).toBeUndefined();
    // A real row always wins over the rebuilt aggregate (132101 was 邯郸地区's 邯郸市).
    expect(lookupDivision('132101')?.name).toBe('邯郸市');
  });

  it('returns undefined for never-assigned codes and malformed input', () => {
    expect(lookupDivision('440108')).toBeUndefined();
    expect(lookupDivision('999999')).toBeUndefined();
    expect(lookupDivision('44010')).toBeUndefined();
    expect(lookupDivision('')).toBeUndefined();
  });

  describe('at a given year', () => {
    it('gives the name in force that year', () => {
      expect(lookupDivision('120110', { at: 1985 })?.name).toBe('东郊区');
      expect(lookupDivision('120110', { at: 1992 })?.name).toBe('东丽区');
      expect(lookupDivision('120110', { at: 2024 })?.name).toBe('东丽区');
    });

    it('treats periods as half-open: in use from the first list year to the year before retirement', () => {
      expect(lookupDivision('440116', { at: 2005 })?.name).toBe('萝岗区');
      expect(lookupDivision('440116', { at: 2013 })?.name).toBe('萝岗区');
      expect(lookupDivision('440116', { at: 2014 })).toBeUndefined();
      expect(lookupDivision('440117', { at: 2014 })?.name).toBe('从化区');
    });

    it('returns undefined before the code existed and in gaps', () => {
      expect(lookupDivision('110105', { at: 1979 })).toBeUndefined();
      expect(lookupDivision('510185', { at: 2015 })).toBeUndefined();
      expect(lookupDivision('130107', { at: 1990 })).toBeUndefined();
    });
  });

  it('hands out copies: mutating a result does not change later lookups', () => {
    const first = lookupDivision('120110');
    first?.formerNames.push('tampered');
    expect(lookupDivision('120110')?.formerNames).toEqual(['东郊区']);
  });
});

describe('validateDivisionCode', () => {
  it('accepts current and historical codes by default', () => {
    expect(validateDivisionCode('440103')).toMatchObject({ ok: true, value: { name: '荔湾区' } });
    expect(validateDivisionCode('440524')).toMatchObject({ ok: true, value: { name: '潮阳县', current: false } });
  });

  it('refuses retired codes when history is not allowed', () => {
    expect(validateDivisionCode('440524', { allowHistorical: false })).toEqual({
      ok: false,
      reason: 'unknown_division',
      message: 'division code 440524 was retired in 1993',
    });
    expect(validateDivisionCode('440103', { allowHistorical: false }).ok).toBe(true);
  });

  it('names the unknown code in the message', () => {
    expect(validateDivisionCode('440108')).toEqual({
      ok: false,
      reason: 'unknown_division',
      message: 'division code 440108 is not a GB/T 2260 division, current or historical',
    });
  });

  it.each([
    ['44010', 'bad_length'],
    ['4401030', 'bad_length'],
    ['44010a', 'bad_format'],
    [' 44010', 'bad_format'],
    ['440108', 'unknown_division'],
    ['110120', 'unknown_division'],
  ])('%j fails with %s', (code, reason) => {
    expect(validateDivisionCode(code)).toMatchObject({ ok: false, reason });
  });
});

describe('childDivisions', () => {
  it('lists the current districts of 广州市 440100 in code order', () => {
    const children = childDivisions('440100');
    expect(children.map((child) => `${child.code} ${child.name}`)).toEqual([
      '440103 荔湾区',
      '440104 越秀区',
      '440105 海珠区',
      '440106 天河区',
      '440111 白云区',
      '440112 黄埔区',
      '440113 番禺区',
      '440114 花都区',
      '440115 南沙区',
      '440117 从化区',
      '440118 增城区',
    ]);
    expect(children.every((child) => child.current && child.parentCode === '440100')).toBe(true);
  });

  it('lists 成都市 from 锦江区 510104 to 简阳市 510185', () => {
    const codes = childDivisions('510100').map((child) => child.code);
    expect(codes[0]).toBe('510104');
    expect(codes[codes.length - 1]).toBe('510185');
    expect(codes).not.toContain('510122'); // 双流县, retired 2015
  });

  it('lists the districts of 北京市 directly under the municipality', () => {
    const names = childDivisions('110000').map((child) => child.name);
    expect(names).toContain('朝阳区');
    expect(names).not.toContain('崇文区');
  });

  it('includes prefectures and province-administered counties under a province', () => {
    const codes = childDivisions('420000').map((child) => child.code);
    expect(codes).toContain('420100');
    expect(codes).toContain('429004'); // 仙桃市
  });

  it('is empty for 中山市 (no counties), for counties and for unknown codes', () => {
    expect(childDivisions('442000')).toEqual([]);
    expect(childDivisions('440103')).toEqual([]);
    expect(childDivisions('999999')).toEqual([]);
  });

  it('never lists the rebuilt 市辖区 aggregate', () => {
    expect(childDivisions('370100').map((child) => child.code)).not.toContain('370101');
  });
});

describe('divisionAncestors', () => {
  it('walks county → prefecture → province, top down', () => {
    expect(divisionAncestors('440103').map((division) => division.name)).toEqual(['广东省', '广州市']);
    expect(divisionAncestors('440524').map((division) => division.code)).toEqual(['440000', '440500']);
  });

  it('has only the province for municipal districts and prefectures', () => {
    expect(divisionAncestors('110105').map((division) => division.name)).toEqual(['北京市']);
    expect(divisionAncestors('442000').map((division) => division.name)).toEqual(['广东省']);
  });

  it('is empty for provinces and unknown codes', () => {
    expect(divisionAncestors('440000')).toEqual([]);
    expect(divisionAncestors('440108')).toEqual([]);
  });
});

describe('divisionLevel', () => {
  it('reads the level from the code structure, assigned or not', () => {
    expect(divisionLevel('440000')).toBe('province');
    expect(divisionLevel('442000')).toBe('prefecture');
    expect(divisionLevel('110105')).toBe('county');
    expect(divisionLevel('999999')).toBe('county');
  });

  it('throws on something that is not a code', () => {
    expect(() => divisionLevel('4401')).toThrow(RangeError);
  });
});

describe('divisions after 2018 (update layer, lists up to 2025)', () => {
  it('knows 510118 成都市新津区 (2020) as current, under 成都市', () => {
    expect(lookupDivision('510118')).toEqual({
      code: '510118',
      name: '新津区',
      level: 'county',
      parentCode: '510100',
      current: true,
      since: '2020-07',
      until: null,
      formerNames: [],
    });
    expect(validateDivisionCode('510118', { allowHistorical: false }).ok).toBe(true);
    expect(childDivisions('510100').map((child) => child.code)).toContain('510118');
  });

  it('retires 510132 新津县, which 新津区 replaced, keeping its 2018 start', () => {
    expect(lookupDivision('510132')).toMatchObject({ name: '新津县', current: false, since: '1983', until: '2020-07' });
    expect(lookupDivision('510132', { at: 2019 })?.name).toBe('新津县');
    expect(lookupDivision('510132', { at: 2021 })).toBeUndefined();
    expect(validateDivisionCode('510132', { allowHistorical: false })).toMatchObject({
      ok: false,
      message: 'division code 510132 was retired in 2020-07',
    });
    expect(childDivisions('510100').map((child) => child.code)).not.toContain('510132');
  });

  it('knows 370116 济南市莱芜区 as current and 371200 莱芜市 (merged into 济南 in 2019) as retired', () => {
    expect(lookupDivision('370116')).toMatchObject({ name: '莱芜区', parentCode: '370100', current: true, since: '2019-07' });
    expect(lookupDivision('370117')).toMatchObject({ name: '钢城区', parentCode: '370100', current: true });
    expect(lookupDivision('371200')).toMatchObject({ name: '莱芜市', level: 'prefecture', current: false, until: '2019-07' });
    expect(lookupDivision('371202')).toMatchObject({ name: '莱城区', parentCode: '371200', current: false, until: '2019-07' });
    // The rebuilt 市辖区 aggregate of a retired city is retired with it.
    expect(lookupDivision('371201')).toMatchObject({ name: '市辖区', current: false, until: '2019-07' });
    expect(childDivisions('370000').map((child) => child.code)).not.toContain('371200');
    expect(childDivisions('370100').map((child) => child.code)).toEqual(expect.arrayContaining(['370116', '370117']));
  });

  it('records renames with the old name as a former name (130502 邢台 桥东区 → 襄都区, 2020)', () => {
    expect(lookupDivision('130502')).toMatchObject({ name: '襄都区', formerNames: ['桥东区'], since: '1983', current: true });
    expect(lookupDivision('130502', { at: 2019 })?.name).toBe('桥东区');
    expect(lookupDivision('130502', { at: 2021 })?.name).toBe('襄都区');
  });

  it('knows codes from the newest list (2025: 500157 两江新区)', () => {
    expect(lookupDivision('500157')).toMatchObject({ name: '两江新区', parentCode: '500000', current: true, since: '2025' });
    expect(lookupDivision('500105')).toMatchObject({ name: '江北区', current: false, until: '2025' });
  });

  it('bridges list omissions: 460302 三沙市西沙区 is current since 2020 although absent from the 2021–2023 lists', () => {
    expect(lookupDivision('460302')).toMatchObject({ name: '西沙区', parentCode: '460300', current: true, since: '2020' });
    expect(lookupDivision('460302', { at: 2022 })?.name).toBe('西沙区');
  });

  it('leaves untouched codes as the 2018 layer has them: 广州 440103–440118', () => {
    const guangzhou = [
      '440103',
      '440104',
      '440105',
      '440106',
      '440107',
      '440111',
      '440112',
      '440113',
      '440114',
      '440115',
      '440116',
      '440117',
      '440118',
    ];
    expect(guangzhou.map((code) => `${code} ${lookupDivision(code)?.name} ${lookupDivision(code)?.current}`)).toEqual([
      '440103 荔湾区 true',
      '440104 越秀区 true',
      '440105 海珠区 true',
      '440106 天河区 true',
      '440107 芳村区 false',
      '440111 白云区 true',
      '440112 黄埔区 true',
      '440113 番禺区 true',
      '440114 花都区 true',
      '440115 南沙区 true',
      '440116 萝岗区 false',
      '440117 从化区 true',
      '440118 增城区 true',
    ]);
    expect(lookupDivision('440103')).toMatchObject({ since: '1980', until: null, formerNames: [] });
  });
});

describe('the division registry', () => {
  it('is parsed once and cached', () => {
    expect(divisionRegistry()).toBe(divisionRegistry());
  });

  it('knows every code ever assigned', () => {
    expect(isKnownDivisionCode('440524')).toBe(true);
    expect(isKnownDivisionCode('440108')).toBe(false);
    expect(isKnownDivisionCode('x')).toBe(false);
  });
});
