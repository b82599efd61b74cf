import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvField, renderSdmxCsvData } from './sdmx-csv';
import {
  BEIJING_SOURCE,
  FIXTURE_ROWS,
  sdmxDataFixture,
  sdmxRendering,
  SHANGHAI_SOURCE,
  TRICKY_COMMENT,
} from './testing/sdmx-fixture';
import type { DataRendering } from './sdmx-model';

function render(overrides: Partial<DataRendering> = {}): string {
  return renderSdmxCsvData(sdmxDataFixture(), sdmxRendering(overrides));
}

/** The table as a CSV reader (RFC 4180, csv-parse) sees it. */
function table(csv: string): string[][] {
  return parse(csv, { relaxQuotes: false, relaxColumnCount: false });
}

describe('SDMX-CSV 1.0 data', () => {
  const csv = render();
  const [header, ...records] = table(csv);

  it('has the dataflow column, the key in DSD order, period, value and the readable attributes', () => {
    expect(header).toEqual([
      'DATAFLOW',
      'INDICATOR',
      'REF_AREA',
      'TIME_PERIOD',
      'OBS_VALUE',
      'UNIT_MULT',
      'SOURCE',
      'OBS_STATUS',
      'OBS_COMMENT',
    ]);
    expect(csv).not.toContain('CONF_STATUS');
  });

  it('writes one record per observation, the dataflow as AGENCY:ID(VERSION)', () => {
    expect(records).toHaveLength(FIXTURE_ROWS.length);
    expect(records.every((record) => record[0] === 'HUTONG:DF_CITY_MACRO(1.0)')).toBe(true);
    expect(records[0]).toEqual(['HUTONG:DF_CITY_MACRO(1.0)', 'GDP', '110000', '2015', '23014.59', '8', BEIJING_SOURCE, 'A', '']);
  });

  it('leaves a missing value or attribute as an empty cell', () => {
    expect(records[7]).toEqual(['HUTONG:DF_CITY_MACRO(1.0)', 'POP', '310000', '2016', '', '4', '', 'M', '']);
  });

  it('quotes commas, quotes and line breaks so a reader gets the text back', () => {
    expect(records[1]?.[8]).toBe(TRICKY_COMMENT);
    expect(records[1]?.[6]).toBe(BEIJING_SOURCE);
    expect(records[2]?.[6]).toBe(SHANGHAI_SOURCE);
    expect(csv).toContain('"Revised, see ""Bulletin 2017""\n<R&D> & other"');
    // Unquoted where nothing needs it.
    expect(csv).toContain(',上海统计年鉴 2017,');
  });

  it('ends every record with CRLF', () => {
    expect(csv.startsWith('DATAFLOW,INDICATOR,REF_AREA,TIME_PERIOD,OBS_VALUE,UNIT_MULT,SOURCE,OBS_STATUS,OBS_COMMENT\r\n')).toBe(
      true,
    );
    expect(csv.endsWith('\r\n')).toBe(true);
  });

  it('quotes exactly the fields RFC 4180 says must be quoted', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('')).toBe('');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('line\r\nbreak')).toBe('"line\r\nbreak"');
    expect(csvField('cr\ronly')).toBe('"cr\ronly"');
  });
});

describe('SDMX-CSV 1.0 detail', () => {
  it('dataonly drops the attribute columns', () => {
    const [header, first] = table(render({ detail: 'dataonly' }));
    expect(header).toEqual(['DATAFLOW', 'INDICATOR', 'REF_AREA', 'TIME_PERIOD', 'OBS_VALUE']);
    expect(first).toEqual(['HUTONG:DF_CITY_MACRO(1.0)', 'GDP', '110000', '2015', '23014.59']);
  });

  it('serieskeysonly writes one record per series with the key columns only', () => {
    expect(table(render({ detail: 'serieskeysonly' }))).toEqual([
      ['DATAFLOW', 'INDICATOR', 'REF_AREA'],
      ['HUTONG:DF_CITY_MACRO(1.0)', 'GDP', '110000'],
      ['HUTONG:DF_CITY_MACRO(1.0)', 'GDP', '310000'],
      ['HUTONG:DF_CITY_MACRO(1.0)', 'POP', '110000'],
      ['HUTONG:DF_CITY_MACRO(1.0)', 'POP', '310000'],
    ]);
  });

  it('nodata writes one record per series with its series attributes', () => {
    expect(table(render({ detail: 'nodata' }))).toEqual([
      ['DATAFLOW', 'INDICATOR', 'REF_AREA', 'UNIT_MULT', 'SOURCE'],
      ['HUTONG:DF_CITY_MACRO(1.0)', 'GDP', '110000', '8', BEIJING_SOURCE],
      ['HUTONG:DF_CITY_MACRO(1.0)', 'GDP', '310000', '8', SHANGHAI_SOURCE],
      ['HUTONG:DF_CITY_MACRO(1.0)', 'POP', '110000', '4', BEIJING_SOURCE],
      ['HUTONG:DF_CITY_MACRO(1.0)', 'POP', '310000', '4', ''],
    ]);
  });

  it('is flat whatever dimensionAtObservation asks for', () => {
    expect(render({ dimensionAtObservation: 'REF_AREA' })).toBe(render());
    expect(render({ dimensionAtObservation: 'AllDimensions' })).toBe(render());
  });
});
