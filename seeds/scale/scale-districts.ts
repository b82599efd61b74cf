import { divisionAncestors, lookupDivision } from '@hutong/gb-codes';
import { DEMO_ADDRESS_PLACES } from '../demo/demo-places';

/**
 * The county-level divisions of the four cities of the source documents — Guangzhou, Zhongshan
 * (a prefecture-level city without districts), Chengdu and Zhengzhou — with their approximate
 * resident population from the 2020 census (第七次全国人口普查), in units of 10 000 (万人). Scale data
 * is spread over them in proportion. Names come from GB/T 2260 (`@hutong/gb-codes`).
 */
const POPULATION_WAN: ReadonlyArray<readonly [string, number]> = [
  // 广州市
  ['440103', 124], // 荔湾区
  ['440104', 104], // 越秀区
  ['440105', 182], // 海珠区
  ['440106', 224], // 天河区
  ['440111', 374], // 白云区
  ['440112', 127], // 黄埔区
  ['440113', 265], // 番禺区
  ['440114', 164], // 花都区
  ['440115', 85], // 南沙区
  ['440117', 72], // 从化区
  ['440118', 147], // 增城区
  // 中山市
  ['442000', 442],
  // 成都市
  ['510104', 90], // 锦江区
  ['510105', 96], // 青羊区
  ['510106', 127], // 金牛区
  ['510107', 121], // 武侯区
  ['510108', 138], // 成华区
  ['510112', 135], // 龙泉驿区
  ['510113', 49], // 青白江区
  ['510114', 156], // 新都区
  ['510115', 97], // 温江区
  ['510116', 266], // 双流区
  ['510117', 139], // 郫都区
  ['510118', 36], // 新津区
  ['510121', 80], // 金堂县
  ['510129', 52], // 大邑县
  ['510131', 26], // 蒲江县
  ['510181', 71], // 都江堰市
  ['510182', 78], // 彭州市
  ['510183', 60], // 邛崃市
  ['510184', 74], // 崇州市
  ['510185', 112], // 简阳市
  // 郑州市
  ['410102', 120], // 中原区
  ['410103', 99], // 二七区
  ['410104', 80], // 管城回族区
  ['410105', 181], // 金水区
  ['410106', 15], // 上街区
  ['410108', 59], // 惠济区
  ['410122', 152], // 中牟县
  ['410181', 83], // 巩义市
  ['410182', 75], // 荥阳市
  ['410183', 80], // 新密市
  ['410184', 116], // 新郑市
  ['410185', 72], // 登封市
];

/** Road names found in most Chinese cities, for districts without a list of their own. */
const COMMON_STREETS = [
  '人民路',
  '解放路',
  '建设路',
  '中山路',
  '新华路',
  '文化路',
  '光明路',
  '和平路',
  '胜利路',
  '育才路',
  '公园路',
  '府前路',
];

export type Province = 'guangdong' | 'sichuan' | 'henan';

export interface ScaleDistrict {
  readonly code: string;
  /** GB/T 2260 name: 天河区, 中山市, 金堂县 … */
  readonly name: string;
  /** Resident population, 万人. */
  readonly population: number;
  readonly province: Province;
  /** 广州市, 中山市 …: the city a district belongs to (for 中山市, itself). */
  readonly cityName: string;
  /** 广州, 中山 …: the city's name without 市, as enterprise names use it. */
  readonly cityShort: string;
  /** Province, city and district as a full address begins: 广东省广州市天河区, 广东省中山市. */
  readonly addressPrefix: string;
  /** Real roads of the district where the demo has them, else common road names. */
  readonly streets: readonly string[];
}

const PROVINCES: Readonly<Record<string, Province>> = { '44': 'guangdong', '51': 'sichuan', '41': 'henan' };

function district(code: string, population: number): ScaleDistrict {
  const division = lookupDivision(code);
  const province = PROVINCES[code.slice(0, 2)];
  if (!division?.current || !province) throw new Error(`${code} is not a current division of the four cities`);
  const ancestors = divisionAncestors(code);
  const city = division.level === 'prefecture' ? division : ancestors.at(-1);
  const names = [...ancestors.map((ancestor) => ancestor.name), division.name];
  const demo = DEMO_ADDRESS_PLACES.find((place) => place.code === code);
  return {
    code,
    name: division.name,
    population,
    province,
    cityName: city?.name ?? division.name,
    cityShort: (city?.name ?? division.name).replace(/市$/, ''),
    addressPrefix: names.join(''),
    streets: demo ? demo.streets : COMMON_STREETS,
  };
}

export const SCALE_DISTRICTS: readonly ScaleDistrict[] = POPULATION_WAN.map(([code, population]) => district(code, population));

export function scaleDistrict(code: string): ScaleDistrict {
  const found = SCALE_DISTRICTS.find((candidate) => candidate.code === code);
  if (!found) throw new RangeError(`${code} is not a scale district`);
  return found;
}
