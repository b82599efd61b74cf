import { describe, expect, it } from 'vitest';
import { citizenIdCheckCharacter, upgradeCitizenId15, validateCitizenId } from './citizen-id';
import { buildCitizenId } from './generators';
import type { GbCodeResult } from './result';

/** Fixed "now" so that the tests never depend on the day they run. */
const TODAY = new Date('2025-06-01T04:00:00Z');

/** An 18-character ID with a correct check character around any 17 leading digits. */
const withCheck = (first17: string): string => first17 + citizenIdCheckCharacter(first17);

const failureOf = <T>(result: GbCodeResult<T>): { reason: string; message: string } => {
  if (result.ok) throw new Error('expected a failure');
  return { reason: result.reason, message: result.message };
};

describe('validateCitizenId', () => {
  describe('standards.md §1.3 vectors', () => {
    it('accepts 11010519491231002X (北京 朝阳区, 1949-12-31, female)', () => {
      expect(validateCitizenId('11010519491231002X', { today: TODAY })).toEqual({
        ok: true,
        value: { id: '11010519491231002X', divisionCode: '110105', birthDate: '1949-12-31', sex: 'female', sequence: '002' },
      });
    });

    it('accepts 440524188001010014 (汕头 潮阳县, a retired code; born 1880)', () => {
      expect(validateCitizenId('440524188001010014', { today: TODAY })).toMatchObject({
        ok: true,
        value: { divisionCode: '440524', birthDate: '1880-01-01', sex: 'male', sequence: '001' },
      });
    });

    it('accepts 370101190102039973 (济南市市辖区, 1901-02-03)', () => {
      expect(validateCitizenId('370101190102039973', { today: TODAY })).toMatchObject({
        ok: true,
        value: { divisionCode: '370101', birthDate: '1901-02-03', sex: 'male', sequence: '997' },
      });
    });

    it('computes the check characters of the vectors', () => {
      expect(citizenIdCheckCharacter('11010519491231002')).toBe('X');
      expect(citizenIdCheckCharacter('44052418800101001')).toBe('4');
      expect(citizenIdCheckCharacter('37010119010203997')).toBe('3');
    });
  });

  it('accepts a lower-case x and returns it as X', () => {
    expect(validateCitizenId('11010519491231002x', { today: TODAY })).toMatchObject({
      ok: true,
      value: { id: '11010519491231002X' },
    });
  });

  it('reads the sex from the parity of the sequence number', () => {
    const female = buildCitizenId({ divisionCode: '440103', birthDate: '1990-05-17', sequence: 998 });
    const male = buildCitizenId({ divisionCode: '440103', birthDate: '1990-05-17', sequence: 1 });
    expect(validateCitizenId(female, { today: TODAY })).toMatchObject({ ok: true, value: { sex: 'female', sequence: '998' } });
    expect(validateCitizenId(male, { today: TODAY })).toMatchObject({ ok: true, value: { sex: 'male', sequence: '001' } });
  });

  describe('bad_length', () => {
    it.each(['1101051949123100', '11010519491231002X0', '', '11010519491231002X '])('refuses %j', (input) => {
      expect(validateCitizenId(input, { today: TODAY })).toMatchObject({ ok: false, reason: 'bad_length' });
    });

    it('names the length it got', () => {
      expect(failureOf(validateCitizenId('1101051949123100')).message).toBe('citizen ID must be 18 characters, got 16');
    });
  });

  describe('bad_format', () => {
    it.each([
      ['a space instead of a digit (nothing is trimmed)', ' 1010519491231002X'],
      ['an X before the last position', '1101051949123100X2'],
      ['another letter as check character', '11010519491231002Y'],
      ['full-width digits', '１１０１０５１９４９１２３１００２X'.slice(0, 18)],
      ['a hyphen', '110105-9491231002X'],
    ])('refuses %s', (_label, input) => {
      expect(validateCitizenId(input, { today: TODAY })).toMatchObject({ ok: false, reason: 'bad_format' });
    });
  });

  describe('bad_check_digit', () => {
    it('refuses a mistyped check character and names both characters', () => {
      expect(validateCitizenId('110105194912310021', { today: TODAY })).toEqual({
        ok: false,
        reason: 'bad_check_digit',
        message: 'check character is 1, expected X',
      });
    });

    it('refuses two adjacent digits swapped', () => {
      expect(validateCitizenId('11010591491231002X', { today: TODAY })).toMatchObject({ ok: false, reason: 'bad_check_digit' });
    });
  });

  describe('bad_date (checked after the check character)', () => {
    it.each([
      ['29 February in a common year', '11010519490229002'],
      ['29 February 1900 (÷100, not ÷400)', '11010519000229002'],
      ['31 April', '11010519490431002'],
      ['month 13', '11010519491331002'],
      ['day 00', '11010519491200002'],
      ['a year before 1800', '11010517991231002'],
    ])('refuses %s', (_label, first17) => {
      expect(validateCitizenId(withCheck(first17), { today: TODAY })).toEqual({
        ok: false,
        reason: 'bad_date',
        message: 'birth date is not a real calendar date from 1800 on',
      });
    });

    it.each([
      ['29 February 2000 (÷400)', '11010520000229002'],
      ['29 February 1996', '11010519960229002'],
      ['29 February 2024', '11010520240229002'],
      ['1 January 1800', '11010518000101002'],
    ])('accepts %s', (_label, first17) => {
      expect(validateCitizenId(withCheck(first17), { today: TODAY }).ok).toBe(true);
    });
  });

  describe('future_date', () => {
    const today = new Date('2020-01-01T12:00:00+08:00');

    it('refuses a birth date after the injected today', () => {
      expect(validateCitizenId(withCheck('11010520200102002'), { today })).toEqual({
        ok: false,
        reason: 'future_date',
        message: 'birth date is in the future',
      });
    });

    it('accepts a birth today (in China Standard Time)', () => {
      expect(validateCitizenId(withCheck('11010520200101002'), { today }).ok).toBe(true);
      // 2019-12-31 17:00 UTC is already 2020-01-01 in Beijing.
      expect(validateCitizenId(withCheck('11010520200101002'), { today: new Date('2019-12-31T17:00:00Z') }).ok).toBe(true);
      expect(validateCitizenId(withCheck('11010520200101002'), { today: new Date('2019-12-31T15:00:00Z') }).ok).toBe(false);
    });

    it('uses the current time by default', () => {
      expect(validateCitizenId(withCheck('11010529990101002'))).toMatchObject({ ok: false, reason: 'future_date' });
    });
  });

  describe('unknown_division (checked last)', () => {
    it('accepts a historical address code: IDs keep the code assigned at registration', () => {
      // 440524 汕头市潮阳县 was retired in 1993; 132101 邯郸地区邯郸市 in 1983.
      expect(validateCitizenId(withCheck('44052419850315123'), { today: TODAY }).ok).toBe(true);
      expect(validateCitizenId(withCheck('13210119700101123'), { today: TODAY }).ok).toBe(true);
    });

    it('accepts address codes created after 2018 (update layer): 510118 成都市新津区, 2020', () => {
      const id = buildCitizenId({ divisionCode: '510118', birthDate: '2021-03-15', sequence: 123 });
      expect(validateCitizenId(id, { today: TODAY })).toMatchObject({
        ok: true,
        value: { divisionCode: '510118', birthDate: '2021-03-15', sex: 'male' },
      });
      // 370116 济南市莱芜区 (2019) and the code it replaced, 371202 莱芜市莱城区, both validate.
      expect(validateCitizenId(withCheck('37011620190601123'), { today: TODAY }).ok).toBe(true);
      expect(validateCitizenId(withCheck('37120219900601123'), { today: TODAY }).ok).toBe(true);
    });

    it.each([
      ['440108, inside 广州 but never assigned', '44010819850315123', '440108'],
      ["110120, after 北京's last district", '11012019850315123', '110120'],
      ['990105, no such province', '99010519850315123', '990105'],
    ])('refuses %s', (_label, first17, code) => {
      expect(validateCitizenId(withCheck(first17), { today: TODAY })).toEqual({
        ok: false,
        reason: 'unknown_division',
        message: `address code ${code} is not a GB/T 2260 division, current or historical`,
      });
    });
  });

  it('never repeats the input in a failure message', () => {
    const failing = [
      '110105194912310021',
      withCheck('11010519490229002'),
      withCheck('11010529990101002'),
      withCheck('44010819850315123'),
      '11010519491231002Y',
      '1101051949123100',
    ];
    for (const input of failing) {
      const { message } = failureOf(validateCitizenId(input, { today: TODAY }));
      expect(message).not.toContain(input);
      expect(message).not.toContain(input.slice(0, 14));
      expect(message).not.toContain(input.slice(6, 14)); // the birth date
    }
  });
});

describe('citizenIdCheckCharacter', () => {
  it('throws a RangeError unless given exactly 17 digits', () => {
    for (const bad of ['1101051949123100', '110105194912310021', '1101051949123100X', '']) {
      expect(() => citizenIdCheckCharacter(bad), bad).toThrow(RangeError);
    }
  });

  it('yields every residue class, including X (S mod 11 = 2) and 0 (S mod 11 = 1)', () => {
    const seen = new Set<string>();
    for (let sequence = 0; sequence < 200; sequence += 1) {
      seen.add(citizenIdCheckCharacter(`44010319900101${String(sequence).padStart(3, '0')}`));
    }
    expect([...seen].sort()).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'X']);
  });
});

describe('upgradeCitizenId15', () => {
  it('upgrades the standards.md vector 110105491231002 to 11010519491231002X', () => {
    expect(upgradeCitizenId15('110105491231002', { today: TODAY })).toEqual({ ok: true, value: '11010519491231002X' });
  });

  it('checks the shape of the 15-digit input', () => {
    expect(upgradeCitizenId15('11010549123100')).toMatchObject({ ok: false, reason: 'bad_length' });
    expect(upgradeCitizenId15('11010549123100X')).toMatchObject({ ok: false, reason: 'bad_format' });
  });

  it('validates the upgraded ID (a bad date or unknown address code still fails)', () => {
    expect(upgradeCitizenId15('110105490229002', { today: TODAY })).toMatchObject({ ok: false, reason: 'bad_date' });
    expect(upgradeCitizenId15('440108850315123', { today: TODAY })).toMatchObject({ ok: false, reason: 'unknown_division' });
  });
});

describe('property: every generated ID validates and every single-character change is caught', () => {
  /** Current, historical, municipal, rebuilt 市辖区 and province-administered address codes. */
  const DIVISIONS = [
    '110105',
    '440103',
    '440524',
    '370101',
    '510185',
    '442000',
    '652101',
    '130223',
    '120110',
    '659001',
    '429004',
    '512081',
  ];
  const DATES = [
    '1900-01-01',
    '1949-10-01',
    '1960-02-29',
    '1980-12-31',
    '1996-02-29',
    '2000-02-29',
    '2004-07-15',
    '2010-11-30',
    '2024-02-29',
    '2025-05-31',
  ];
  /** 60 IDs spread over the lists; the arithmetic is the seed, so every run checks the same IDs. */
  const ids = Array.from({ length: 60 }, (_unused, i) =>
    buildCitizenId({
      divisionCode: DIVISIONS[i % DIVISIONS.length] ?? '110105',
      birthDate: DATES[(i * 7) % DATES.length] ?? '1980-01-01',
      sequence: (i * 37 + 1) % 1000,
    }),
  );

  it('builds IDs that validate and round-trip their parts', () => {
    for (const id of ids) {
      const result = validateCitizenId(id, { today: TODAY });
      expect(result.ok, id).toBe(true);
    }
  });

  it('catches any single substituted character (MOD 11-2 detects all of them)', () => {
    let mutations = 0;
    for (const id of ids) {
      for (let position = 0; position < 18; position += 1) {
        const alternatives = position === 17 ? '0123456789X' : '0123456789';
        for (const replacement of alternatives) {
          if (replacement === id.charAt(position)) continue;
          const mutated = id.slice(0, position) + replacement + id.slice(position + 1);
          const result = validateCitizenId(mutated, { today: TODAY });
          expect(result, `${id} → ${mutated}`).toMatchObject({ ok: false, reason: 'bad_check_digit' });
          mutations += 1;
        }
      }
    }
    expect(mutations).toBe(60 * (17 * 9 + 10));
  });
});
