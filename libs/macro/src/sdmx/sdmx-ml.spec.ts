import { describe, expect, it } from 'vitest';
import { clientXmlParser } from './testing/client-xml-parser';
import { BEIJING_SOURCE, FIXTURE_ROWS, sdmxDataFixture, sdmxRendering, TRICKY_COMMENT } from './testing/sdmx-fixture';
import { renderGenericData } from './sdmx-ml';
import type { DataRendering, DataResult } from './sdmx-model';

const REPEATED = new Set(['generic:Series', 'generic:Obs', 'generic:Value']);

const parser = clientXmlParser(REPEATED);

function render(overrides: Partial<DataRendering> = {}, result: DataResult = sdmxDataFixture()) {
  const xml = renderGenericData(result, sdmxRendering(overrides));
  return { xml, message: parser.parse(xml)['message:GenericData'] };
}

/** `generic:Value` elements as id → value. */
function values(element: unknown): Record<string, string> {
  const list = (element as { 'generic:Value'?: { id: string; value: string }[] } | undefined)?.['generic:Value'] ?? [];
  return Object.fromEntries(list.map((v) => [v.id, v.value]));
}

describe('SDMX-ML 2.1 GenericData, time series', () => {
  const { xml, message } = render();
  const dataSet = message['message:DataSet'];
  const series = dataSet['generic:Series'];

  it('declares the 2.1 namespaces', () => {
    expect(xml).toContain('<?xml version="1.0" encoding="UTF-8"?>');
    expect(message['xmlns:message']).toBe('http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message');
    expect(message['xmlns:common']).toBe('http://www.sdmx.org/resources/sdmxml/schemas/v2_1/common');
    expect(message['xmlns:generic']).toBe('http://www.sdmx.org/resources/sdmxml/schemas/v2_1/data/generic');
  });

  it('has a header that references the DSD by agency, id and version', () => {
    const header = message['message:Header'];
    expect(header['message:ID']).toBe('IREF000042');
    expect(header['message:Test']).toBe('false');
    expect(header['message:Prepared']).toBe('2024-05-01T08:00:00.000Z');
    expect(header['message:Sender']).toEqual({ id: 'HUTONG' });
    const structure = header['message:Structure'];
    expect(structure.dimensionAtObservation).toBe('TIME_PERIOD');
    expect(structure['common:Structure'].Ref).toEqual({
      agencyID: 'HUTONG',
      id: 'DSD_CITY_MACRO',
      version: '1.0',
      package: 'datastructure',
      class: 'DataStructure',
    });
    expect(dataSet.structureRef).toBe(structure.structureID);
    expect(dataSet.action).toBe('Information');
  });

  it('writes one series per key, the key in DSD order', () => {
    expect(series.map((s: unknown) => values((s as Record<string, unknown>)['generic:SeriesKey']))).toEqual([
      { INDICATOR: 'GDP', REF_AREA: '110000' },
      { INDICATOR: 'GDP', REF_AREA: '310000' },
      { INDICATOR: 'POP', REF_AREA: '110000' },
      { INDICATOR: 'POP', REF_AREA: '310000' },
    ]);
    expect(series[0]['generic:SeriesKey']['generic:Value'].map((v: { id: string }) => v.id)).toEqual(['INDICATOR', 'REF_AREA']);
  });

  it('puts series attributes on the series, leaving out those without a value', () => {
    expect(values(series[0]['generic:Attributes'])).toEqual({ UNIT_MULT: '8', SOURCE: BEIJING_SOURCE });
    expect(values(series[3]['generic:Attributes'])).toEqual({ UNIT_MULT: '4' });
  });

  it('gives each observation its period, value and attributes; a missing value has no ObsValue', () => {
    type Obs = { 'generic:ObsDimension': { value: string }; 'generic:ObsValue'?: { value: string } };
    const observations: Obs[] = series.flatMap((s: { 'generic:Obs': Obs[] }) => s['generic:Obs']);
    expect(observations.map((o) => [o['generic:ObsDimension'].value, o['generic:ObsValue']?.value ?? null])).toEqual(
      FIXTURE_ROWS.map((row) => [row.period, row.value === null ? null : String(row.value)]),
    );
    const missing = series[3]['generic:Obs'][1];
    expect(missing).not.toHaveProperty('generic:ObsValue');
    expect(values(missing['generic:Attributes'])).toEqual({ OBS_STATUS: 'M' });
    expect(values(series[0]['generic:Obs'][1]['generic:Attributes'])).toEqual({ OBS_STATUS: 'A', OBS_COMMENT: TRICKY_COMMENT });
  });

  it('leaves out the attributes the caller may not read', () => {
    expect(xml).not.toContain('CONF_STATUS');
  });
});

describe('SDMX-ML 2.1 GenericData escaping', () => {
  it('escapes XML-special characters and keeps line breaks in attribute values as references', () => {
    const { xml } = render();
    expect(xml).toContain('value="Revised, see &quot;Bulletin 2017&quot;&#10;&lt;R&amp;D&gt; &amp; other"');
  });

  it('gives back text that merely looks like a reference, unchanged', () => {
    const text = 'AT&amp;T &#20013; &lt; tab\there\r\nCRLF';
    const fixture = sdmxDataFixture();
    const [first, ...rest] = fixture.rows;
    if (!first) throw new Error('fixture has no rows');
    const result = { ...fixture, rows: [{ ...first, attributes: { ...first.attributes, OBS_COMMENT: text } }, ...rest] };
    const { xml, message } = render({}, result);
    expect(xml).toContain('AT&amp;amp;T &amp;#20013; &amp;lt; tab&#9;here&#13;&#10;CRLF');
    const obs = message['message:DataSet']['generic:Series'][0]['generic:Obs'][0];
    expect(values(obs['generic:Attributes']).OBS_COMMENT).toBe(text);
  });
});

describe('SDMX-ML 2.1 GenericData layouts and detail', () => {
  it('writes a cross-section with the period in the series key and the area at the observation', () => {
    const { message } = render({ dimensionAtObservation: 'REF_AREA' });
    expect(message['message:Header']['message:Structure'].dimensionAtObservation).toBe('REF_AREA');
    const [gdp2015] = message['message:DataSet']['generic:Series'];
    expect(values(gdp2015['generic:SeriesKey'])).toEqual({ INDICATOR: 'GDP', TIME_PERIOD: '2015' });
    expect(gdp2015).not.toHaveProperty('generic:Attributes');
    const [beijing, shanghai] = gdp2015['generic:Obs'];
    expect(beijing['generic:ObsDimension'].value).toBe('110000');
    expect(shanghai['generic:ObsDimension'].value).toBe('310000');
    expect(values(shanghai['generic:Attributes'])).toMatchObject({ UNIT_MULT: '8', OBS_STATUS: 'A' });
  });

  it('writes a flat list with the full key on each observation for AllDimensions', () => {
    const { message } = render({ dimensionAtObservation: 'AllDimensions' });
    const dataSet = message['message:DataSet'];
    expect(dataSet).not.toHaveProperty('generic:Series');
    const observations = dataSet['generic:Obs'];
    expect(observations).toHaveLength(FIXTURE_ROWS.length);
    expect(values(observations[1]['generic:ObsKey'])).toEqual({ INDICATOR: 'GDP', REF_AREA: '110000', TIME_PERIOD: '2016' });
    expect(observations[1]['generic:ObsValue'].value).toBe('25669.13');
    expect(values(observations[1]['generic:Attributes'])).toMatchObject({ UNIT_MULT: '8', OBS_COMMENT: TRICKY_COMMENT });
  });

  it('dataonly writes no attributes', () => {
    const { xml, message } = render({ detail: 'dataonly' });
    expect(xml).not.toContain('generic:Attributes');
    expect(message['message:DataSet']['generic:Series'][0]['generic:Obs'][0]['generic:ObsValue'].value).toBe('23014.59');
  });

  it('serieskeysonly writes only series keys', () => {
    const { xml, message } = render({ detail: 'serieskeysonly' });
    expect(xml).not.toContain('generic:Obs');
    expect(xml).not.toContain('generic:Attributes');
    expect(message['message:DataSet']['generic:Series']).toHaveLength(4);
  });

  it('nodata writes the series with their attributes and no observations', () => {
    const { xml, message } = render({ detail: 'nodata' });
    expect(xml).not.toContain('generic:Obs');
    expect(values(message['message:DataSet']['generic:Series'][2]['generic:Attributes'])).toEqual({
      UNIT_MULT: '4',
      SOURCE: BEIJING_SOURCE,
    });
  });
});
