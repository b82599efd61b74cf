/**
 * Synthetic registry records with valid identifiers, shared by the tests and the benchmarks (no
 * test-runner imports here, so benchmark processes can load it). Deterministic for a given index.
 */
import { buildCitizenId, buildCreditCode } from '@hutong/gb-codes';

/** Districts of Guangzhou (GB/T 2260, current). */
export const GUANGZHOU_DISTRICTS = ['440103', '440104', '440105', '440106', '440111', '440112', '440113', '440114', '440115'];
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀英'];

/** The citizen ID of person `index`: born 1950–2005, registered in one of the districts. */
export function citizenIdOf(
  index: number,
  division = GUANGZHOU_DISTRICTS[index % GUANGZHOU_DISTRICTS.length] ?? '440103',
): string {
  const day = index % 28;
  const month = Math.floor(index / 28) % 12;
  const year = 1950 + (Math.floor(index / 336) % 56);
  const birthDate = `${year}-${String(month + 1).padStart(2, '0')}-${String(day + 1).padStart(2, '0')}`;
  return buildCitizenId({ divisionCode: division, birthDate, sequence: Math.floor(index / 18_816) % 1000 });
}

/** A person's identity group as the provider (公安) writes it; sex and birth date follow from the ID. */
export function personRow(index: number, division?: string): Record<string, unknown> {
  const id = citizenIdOf(index, division);
  return {
    citizen_id: id,
    name: `${SURNAMES[index % SURNAMES.length] ?? '王'}${GIVEN[Math.floor(index / 16) % GIVEN.length] ?? '伟'}`,
    ethnicity: '01',
    nationality: 'CHN',
    household_address: `广州市某区某路${(index % 999) + 1}号`,
    household_division: id.slice(0, 6),
  };
}

/** The PUT body for a new person (identity group only). */
export function personIdentity(index: number, division?: string): { groups: { identity: Record<string, unknown> } } {
  const { citizen_id: _key, ...identity } = personRow(index, division);
  return { groups: { identity } };
}

/** A legal person's credit code (enterprise, 市场监管 registration) for `index`. */
export function creditCodeOf(index: number, division = '440106'): string {
  return buildCreditCode({
    registrationAuthority: '9',
    entityCategory: '1',
    divisionCode: division,
    organizationBody: String(30_000_000 + index).padStart(8, '0'),
  });
}

export function legalPersonRegistration(
  index: number,
  division = '440106',
): { groups: { registration: Record<string, unknown> } } {
  return {
    groups: {
      registration: {
        name: `广州示例${index}科技有限公司`,
        entity_type: 'enterprise',
        legal_representative: '陈明',
        legal_representative_id: citizenIdOf(index + 7),
        registered_capital: '1000000.00',
        capital_currency: 'CNY',
        established_on: '2015-06-01',
        registered_address: `广州市天河区示例路${index}号`,
        registered_division: division,
        industry: 'I65',
        business_scope: '软件开发；信息技术咨询服务',
        registration_authority: '广州市天河区市场监督管理局',
      },
    },
  };
}
