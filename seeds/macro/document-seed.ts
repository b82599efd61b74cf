import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'csv-parse/sync';

/**
 * The indicator values the five source documents state (document-indicators.csv) as rows of the
 * macro registry's two imports: indicators (one per code, unit and multiplier normalised there)
 * and observations (targets in the TARGET series, actuals in ACTUAL, each with its comparator and
 * a reference to the document with the verbatim quote).
 */
export const DOCUMENT_INDICATORS_CSV = resolve(__dirname, 'document-indicators.csv');

/** Who issued each source document (the observations' source reference names it). */
export const SOURCE_DOCUMENTS: Readonly<Record<string, { readonly title: string; readonly issuer: string }>> = {
  '000_67492b997d0f6146.txt': {
    title: '穗府办〔2004〕56号 2004年至2005年广州市信息化建设实施纲要',
    issuer: '广州市人民政府办公厅',
  },
  '001_3050c33455ab798e.txt': { title: '中山市关于进一步推进经济社会信息化工作的意见', issuer: '中共中山市委 中山市人民政府' },
  '002_f66efda2d806e53a.txt': { title: '广州市关于区县级市信息化工作指导意见', issuer: '广州市人民政府办公厅' },
  '003_8e9d7d42d0a139d9.txt': { title: '成府发〔2012〕31号 成都市国民经济和社会信息化“十二五”规划', issuer: '成都市人民政府' },
  '004_f5002507f41efe38.txt': { title: '郑州市信息化发展规划', issuer: '郑州市人民政府' },
};

/** Topic by keyword of the indicator code, first match wins (CL_TOPIC). */
const TOPIC_RULES: ReadonlyArray<readonly [RegExp, string]> = [
  [/COMPOSITE_INDEX/, 'COMPOSITE'],
  [/ECOMMERCE|LOGISTICS|BANK_CARD|TOURISM/, 'ECOMMERCE'],
  [/EGOV|GOV_|ADMIN_|STATE_ORGANS|DEPT_|DISTRICT_UNITS|EMERGENCY|SOCIAL_SECURITY/, 'EGOV'],
  [/EIT_|SOFTWARE|IT_INDUSTRY|IT_VALUE|ELECTRONIC_INFO|PUBLIC_TECH/, 'INDUSTRY'],
  [/ENTERPRISE|SME_|INDUSTRIAL_PARK|KEY_INDUSTRY/, 'ENTERPRISE'],
  [/FUNDING|KEY_PROJECT/, 'INVESTMENT'],
  [
    /SCHOOL|STUDENTS|HOSPITAL|HOUSEHOLD|COMMUNITY|VILLAGE|AGRI|UNIVERSITY|INFO_CONSUMPTION|KIOSK|PCS_PER|TV_|RADIO_POP/,
    'SOCIETY',
  ],
];

interface CsvRow {
  readonly indicator_code: string;
  readonly name_zh: string;
  readonly name_en: string;
  readonly region_code: string;
  readonly period: string;
  readonly frequency: string;
  readonly value: string;
  readonly unit: string;
  readonly unit_multiplier: string;
  readonly comparator: string;
  readonly value_type: string;
  readonly source_file: string;
  readonly quote: string;
}

export interface DocumentSeed {
  readonly indicators: Array<Record<string, unknown>>;
  readonly observations: Array<Record<string, unknown>>;
}

export function documentSeed(path = DOCUMENT_INDICATORS_CSV): DocumentSeed {
  const rows = parse<CsvRow>(readFileSync(path, 'utf8'), { columns: true, bom: true });
  const indicators = new Map<string, Record<string, unknown>>();
  for (const row of rows) if (!indicators.has(row.indicator_code)) indicators.set(row.indicator_code, indicatorOf(row));
  return { indicators: [...indicators.values()], observations: rows.map(observationOf) };
}

function indicatorOf(row: CsvRow): Record<string, unknown> {
  const source = SOURCE_DOCUMENTS[row.source_file];
  return {
    indicator_code: row.indicator_code,
    name_zh: row.name_zh,
    name_en: withoutPeriodNote(row.name_en).name,
    unit: row.unit,
    unit_multiplier: Number(row.unit_multiplier),
    frequency: row.frequency,
    source_agency: source?.issuer ?? row.source_file,
    methodology: `As stated in ${source?.title ?? row.source_file}; the value is in ${row.unit} × 10^${row.unit_multiplier}.`,
    topic: TOPIC_RULES.find(([pattern]) => pattern.test(row.indicator_code))?.[1] ?? 'NETWORK',
  };
}

function observationOf(row: CsvRow): Record<string, unknown> {
  const isTarget = row.value_type === 'target';
  const note = withoutPeriodNote(row.name_en).note;
  return {
    freq: row.frequency,
    ref_area: row.region_code,
    indicator: row.indicator_code,
    value_type: isTarget ? 'TARGET' : 'ACTUAL',
    time_period: row.period,
    obs_value: row.value,
    comparator: row.comparator,
    obs_status: isTarget ? 'target' : 'actual',
    source_ref: `${row.source_file} ${SOURCE_DOCUMENTS[row.source_file]?.title ?? ''}`.trim(),
    source_quote: row.quote,
    ...(note !== undefined ? { comment: note } : {}),
  };
}

/** "Internet egress bandwidth (target by 2005)" → the name, and the note on the period for the observation. */
function withoutPeriodNote(name: string): { name: string; note?: string } {
  const match = /^(.*?)\s*\(((?:target|actual|11th|12th|by|to |period|document)[^]*)\)$/i.exec(name);
  return match?.[1] && match[2] ? { name: match[1], note: match[2] } : { name };
}
