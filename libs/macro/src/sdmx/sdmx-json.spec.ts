import { describe, expect, it } from 'vitest';
import { BEIJING_SOURCE, FIXTURE_ROWS, sdmxRendering, SHANGHAI_SOURCE, TRICKY_COMMENT } from './testing/sdmx-fixture';
import { at, dataSetOf, renderJsonData as render, valueAt, type Value } from './testing/sdmx-json-reading';

describe('SDMX-JSON 1.0 time series', () => {
  const message = render();
  const { structure } = message.data;
  const series = dataSetOf(message).series;

  it('states who sent it, when, and in which language', () => {
    expect(message.meta).toEqual({
      id: 'IREF000042',
      test: false,
      prepared: '2024-05-01T08:00:00.000Z',
      'content-language': ['en'],
      sender: { id: 'HUTONG' },
    });
    expect(dataSetOf(message).action).toBe('Information');
    expect(structure.name).toBe('City macro-economic indicators');
  });

  it('puts the dimensions at their key position, whatever order the DSD lists them in', () => {
    expect(structure.dimensions.series.map((d) => [d.id, d.keyPosition])).toEqual([
      ['INDICATOR', 0],
      ['REF_AREA', 1],
    ]);
    expect(structure.dimensions.observation.map((d) => [d.id, d.keyPosition, d.role])).toEqual([
      ['TIME_PERIOD', 2, 'TIME_PERIOD'],
    ]);
  });

  it('lists only the codes that occur, in first-seen order, named from the codelists', () => {
    const [indicator, area] = structure.dimensions.series;
    expect(indicator?.values).toEqual([
      { id: 'GDP', name: 'Gross domestic product, current prices' },
      { id: 'POP', name: 'Resident population, year-end' },
    ]);
    // Dongcheng (110101) is in CL_AREA but not in the data.
    expect(area?.values.map((v) => v.id)).toEqual(['110000', '310000']);
    expect(area?.name).toBe('Reference area');
  });

  it('gives each period its Gregorian start and end', () => {
    expect(at(structure.dimensions.observation, 0).values).toEqual([
      { id: '2015', name: '2015', start: '2015-01-01T00:00:00.000Z', end: '2015-12-31T23:59:59.999Z' },
      { id: '2016', name: '2016', start: '2016-01-01T00:00:00.000Z', end: '2016-12-31T23:59:59.999Z' },
    ]);
  });

  it('keys every series by indices that lead back to its codes', () => {
    expect(Object.keys(series)).toEqual(['0:0', '0:1', '1:0', '1:1']);
    const decoded = Object.keys(series).map((key) =>
      key.split(':').map((index, position) => valueAt(structure.dimensions.series, position, Number(index))?.id),
    );
    expect(decoded).toEqual([
      ['GDP', '110000'],
      ['GDP', '310000'],
      ['POP', '110000'],
      ['POP', '310000'],
    ]);
  });

  it('carries every value, a missing one as null, under its period', () => {
    const periods = at(structure.dimensions.observation, 0).values.map((v) => v.id);
    const flattened = Object.values(series).flatMap((s) =>
      Object.entries(s.observations ?? {}).map(([key, obs]) => [periods[Number(key)], obs[0]]),
    );
    expect(flattened).toEqual(FIXTURE_ROWS.map((row) => [row.period, row.value]));
    expect(at(series, '1:1').observations?.['1']?.[0]).toBeNull();
  });

  it('attaches series attributes to series and observation attributes to observations, readable ones only', () => {
    expect(structure.attributes.series.map((a) => a.id)).toEqual(['UNIT_MULT', 'SOURCE']);
    expect(structure.attributes.observation.map((a) => a.id)).toEqual(['OBS_STATUS', 'OBS_COMMENT']);
    expect(JSON.stringify(message)).not.toContain('CONF_STATUS');
    for (const attribute of [...structure.attributes.series, ...structure.attributes.observation]) {
      expect(attribute).not.toHaveProperty('keyPosition');
    }
  });

  it('points attribute indices at the right values, null where a series has none', () => {
    const seriesAttributes = structure.attributes.series;
    const decode = (key: string): (Value | null)[] =>
      (at(series, key).attributes ?? []).map((index, position) => valueAt(seriesAttributes, position, index));
    expect(decode('1:1')).toEqual([{ id: '4', name: 'Ten thousand' }, null]);
    expect(decode('0:0')).toEqual([{ id: '8', name: 'Hundred million' }, { name: BEIJING_SOURCE }]);
    // The same text is one value, shared by the series it applies to.
    expect(at(series, '1:0').attributes?.[1]).toBe(at(series, '0:0').attributes?.[1]);
    expect(at(seriesAttributes, 1).values).toEqual([{ name: BEIJING_SOURCE }, { name: SHANGHAI_SOURCE }]);
  });

  it('gives free-text attribute values a name but no id, and coded ones both', () => {
    const observationAttributes = structure.attributes.observation;
    const [value, statusIndex, commentIndex] = at(at(series, '0:0').observations ?? {}, '1');
    expect(value).toBe(25669.13);
    expect(valueAt(observationAttributes, 0, statusIndex)).toEqual({ id: 'A', name: 'Normal value' });
    expect(valueAt(observationAttributes, 1, commentIndex)).toEqual({ name: TRICKY_COMMENT });
    expect(at(series, '1:1').observations?.['1']).toEqual([null, 2, null]);
    expect(valueAt(observationAttributes, 0, 2)).toEqual({ id: 'M', name: 'Missing value' });
  });

  it('names everything in Chinese when asked', () => {
    const chinese = render({ header: { ...sdmxRendering().header, language: 'zh' } });
    const chineseStructure = chinese.data.structure;
    expect(chinese.meta['content-language']).toEqual(['zh']);
    expect(chineseStructure.name).toBe('城市宏观经济指标');
    expect(valueAt(chineseStructure.dimensions.series, 0, 0)).toEqual({ id: 'GDP', name: '地区生产总值（当年价格）' });
    expect(at(chineseStructure.attributes.series, 0)).toMatchObject({
      name: '单位乘数',
      values: [
        { id: '8', name: '亿' },
        { id: '4', name: '万' },
      ],
    });
  });
});

describe('SDMX-JSON 1.0 cross-sections and flat lists', () => {
  it('makes the named dimension the observation one and the period a series dimension', () => {
    const message = render({ dimensionAtObservation: 'REF_AREA' });
    const { structure } = message.data;
    expect(structure.dimensions.series.map((d) => [d.id, d.keyPosition])).toEqual([
      ['INDICATOR', 0],
      ['TIME_PERIOD', 2],
    ]);
    expect(structure.dimensions.observation.map((d) => [d.id, d.keyPosition])).toEqual([['REF_AREA', 1]]);
    // Series attributes vary with the area, which is no longer in the series key.
    expect(structure.attributes.series).toEqual([]);
    expect(structure.attributes.observation.map((a) => a.id)).toEqual(['UNIT_MULT', 'SOURCE', 'OBS_STATUS', 'OBS_COMMENT']);
    expect(valueAt(structure.dimensions.series, 1, 1)?.id).toBe('2016');
    const gdp2016 = at(dataSetOf(message).series, '0:1');
    expect(gdp2016.attributes).toEqual([]);
    expect(gdp2016.observations).toEqual({ '0': [25669.13, 0, 0, 0, 0], '1': [28178.65, 0, 1, 1, null] });
    expect(valueAt(structure.dimensions.observation, 0, 1)?.id).toBe('310000');
  });

  it('lists observations under their full key for AllDimensions', () => {
    const message = render({ dimensionAtObservation: 'AllDimensions' });
    const { structure } = message.data;
    const dataSet = dataSetOf(message);
    expect(dataSet).not.toHaveProperty('series');
    expect(structure.dimensions.series).toEqual([]);
    expect(structure.dimensions.observation.map((d) => [d.id, d.keyPosition])).toEqual([
      ['INDICATOR', 0],
      ['REF_AREA', 1],
      ['TIME_PERIOD', 2],
    ]);
    expect(Object.keys(dataSet.observations)).toHaveLength(FIXTURE_ROWS.length);
    expect(at(dataSet.observations, '1:1:1')).toEqual([null, 1, null, 2, null]);
    expect(at(dataSet.observations, '0:0:1')[0]).toBe(25669.13);
  });

  it('refuses a dimensionAtObservation that is not a dimension', () => {
    expect(() => render({ dimensionAtObservation: 'UNIT_MULT' })).toThrow(RangeError);
  });
});

describe('SDMX-JSON 1.0 detail', () => {
  it('dataonly drops every attribute', () => {
    const message = render({ detail: 'dataonly' });
    expect(message.data.structure.attributes).toEqual({ series: [], observation: [] });
    expect(at(dataSetOf(message).series, '0:0')).toEqual({ attributes: [], observations: { '0': [23014.59], '1': [25669.13] } });
  });

  it('serieskeysonly gives the series keys and nothing else', () => {
    const message = render({ detail: 'serieskeysonly' });
    const { structure } = message.data;
    expect(Object.keys(dataSetOf(message).series)).toEqual(['0:0', '0:1', '1:0', '1:1']);
    expect(Object.values(dataSetOf(message).series)).toEqual([{}, {}, {}, {}]);
    expect(structure.attributes).toEqual({ series: [], observation: [] });
    expect(at(structure.dimensions.observation, 0).values).toEqual([]);
  });

  it('nodata gives the series with their attributes but no observations', () => {
    const message = render({ detail: 'nodata' });
    const { structure } = message.data;
    expect(structure.attributes.series.map((a) => a.id)).toEqual(['UNIT_MULT', 'SOURCE']);
    expect(structure.attributes.observation).toEqual([]);
    expect(at(dataSetOf(message).series, '1:1')).toEqual({ attributes: [1, null] });
  });

  it('without observations a flat request falls back to series keys', () => {
    const message = render({ detail: 'serieskeysonly', dimensionAtObservation: 'AllDimensions' });
    expect(Object.keys(dataSetOf(message).series)).toHaveLength(4);
    expect(message.data.structure.dimensions.observation.map((d) => d.id)).toEqual(['TIME_PERIOD']);
  });
});
