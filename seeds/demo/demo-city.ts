import { buildCreditCode } from '@hutong/gb-codes';
import {
  ENTERPRISE_CREDIT,
  FOOD_TRACEABILITY,
  HOUSING_FUND,
  POLLUTION_MONITORING,
  SOCIAL_INSURANCE,
  type SeedAgency,
} from '../datasets';

/**
 * The demo city: the agencies the source documents name, with fixed credit codes so the README's
 * walkthrough can name them. 市信息中心 runs the platform (operator); the registries' providers, the
 * datasets' providers, three consumer bureaus, and two district governments with their district's
 * civil affairs bureau (under the city's, the line it reports to).
 */
export interface DemoAgency extends Omit<SeedAgency, 'level'> {
  readonly key: string;
  readonly roles: readonly ('provider' | 'consumer')[];
  readonly parentCode?: string;
  readonly level: 'city' | 'district';
}

export interface DemoStaff {
  readonly code: string;
  readonly name: string;
}

/** 市信息中心: the coordinating office that runs the platform (ARCHITECTURE: operator). */
export const DEMO_OPERATOR: DemoStaff = { code: 'ops-xinxi', name: '广州市信息中心' };
/** The security reviewer who audits access (安全审计). */
export const DEMO_REVIEWER: DemoStaff = { code: 'audit-xinxi', name: '广州市信息中心安全审计员' };

function agency(
  key: string,
  name: string,
  organizationBody: string,
  roles: DemoAgency['roles'],
  divisionCode = '440100',
  parent?: DemoAgency,
): DemoAgency {
  return {
    key,
    name,
    code: buildCreditCode({ registrationAuthority: '1', entityCategory: '1', divisionCode, organizationBody }),
    level: divisionCode === '440100' ? 'city' : 'district',
    divisionCode,
    roles,
    ...(parent ? { parentCode: parent.code } : {}),
  };
}

/** A seed dataset's provider, also a consumer (providers read other agencies' data too). */
function datasetProvider(key: string, provider: SeedAgency): DemoAgency {
  return { ...provider, key, level: 'city', roles: ['provider', 'consumer'] };
}

/** District bureaus sit under the city bureau of their line (上级业务主管部门): a district below a city. */
const CIVIL_AFFAIRS = agency('civilAffairs', '广州市民政局', 'MB2C0301', ['consumer']);

export const DEMO_AGENCIES = {
  police: agency('police', '广州市公安局', 'MB2C0201', ['provider', 'consumer']),
  market: datasetProvider('market', FOOD_TRACEABILITY.provider),
  planning: agency('planning', '广州市规划和自然资源局', 'MB2C0202', ['provider', 'consumer']),
  statistics: agency('statistics', '广州市统计局', 'MB2C0203', ['provider', 'consumer']),
  labour: datasetProvider('labour', SOCIAL_INSURANCE.provider),
  housingFund: datasetProvider('housingFund', HOUSING_FUND.provider),
  credit: datasetProvider('credit', ENTERPRISE_CREDIT.provider),
  ecology: datasetProvider('ecology', POLLUTION_MONITORING.provider),
  civilAffairs: CIVIL_AFFAIRS,
  tax: agency('tax', '国家税务总局广州市税务局', 'MB2C0302', ['consumer']),
  health: agency('health', '广州市卫生健康委员会', 'MB2C0303', ['consumer']),
  tianhe: agency('tianhe', '广州市天河区人民政府', 'MB2D0106', ['consumer'], '440106'),
  tianheCivilAffairs: agency('tianheCivilAffairs', '广州市天河区民政局', 'MB2D0116', ['consumer'], '440106', CIVIL_AFFAIRS),
  yuexiu: agency('yuexiu', '广州市越秀区人民政府', 'MB2D0104', ['consumer'], '440104'),
  yuexiuCivilAffairs: agency('yuexiuCivilAffairs', '广州市越秀区民政局', 'MB2D0114', ['consumer'], '440104', CIVIL_AFFAIRS),
} as const satisfies Record<string, DemoAgency>;

export type DemoAgencyKey = keyof typeof DEMO_AGENCIES;
