import { describe, expect, it } from 'vitest';
import { compileOfficialSdmxJsonSchema } from '../../../../tests/support/sdmx-json-schema';
import { sdmxRendering } from './testing/sdmx-fixture';
import { at, dataSetOf, renderJsonData as render, type DataMessage, type Series } from './testing/sdmx-json-reading';
import type { Detail } from './sdmx-model';

/** The official SDMX-TWG schema, unchanged (tests/fixtures/sdmx); how Ajv compiles it is explained there. */
const { ajv, schema, validate } = compileOfficialSdmxJsonSchema();

function expectValid(message: unknown): void {
  const valid = validate(message);
  expect(validate.errors ?? []).toEqual([]);
  expect(valid).toBe(true);
}

describe('SDMX-JSON 1.0 data message against the official SDMX-TWG schema', () => {
  const layouts = ['TIME_PERIOD', 'REF_AREA', 'AllDimensions'];
  const details: Detail[] = ['full', 'dataonly', 'serieskeysonly', 'nodata'];
  for (const dimensionAtObservation of layouts) {
    for (const detail of details) {
      it(`validates with dimensionAtObservation=${dimensionAtObservation}, detail=${detail}`, () => {
        expectValid(render({ dimensionAtObservation, detail }));
      });
    }
  }

  it('compiles the schema as published, under its draft-04 id', () => {
    expect(schema.id).toBe(
      'https://raw.githubusercontent.com/sdmx-twg/sdmx-json/develop/data-message/tools/schemas/1.0/sdmx-json-data-schema.json',
    );
    expect(ajv.getSchema(schema.id)).toBe(validate);
  });

  it('validates with Chinese names', () => {
    expectValid(render({ header: { ...sdmxRendering().header, language: 'zh' } }));
  });

  it('really enforces the schema: patterns, formats, types and closed objects fail', () => {
    const good = render();
    const broken = (mutate: (message: DataMessage) => void): DataMessage => {
      const copy = structuredClone(good);
      mutate(copy);
      return copy;
    };
    const firstSeries = (m: DataMessage): Series => at(dataSetOf(m).series, '0:0');
    // Each broken message, and the schema keyword that must catch it.
    const failures: [string, DataMessage, string][] = [
      ['message id with a space', broken((m) => (m.meta.id = 'not a valid id')), 'pattern'],
      ['prepared not a date-time', broken((m) => (m.meta.prepared = 'yesterday')), 'format'],
      [
        'period start not a date-time',
        broken((m) => (at(at(m.data.structure.dimensions.observation, 0).values, 0).start = '2015')),
        'format',
      ],
      ['link href not a URI', broken((m) => (at(m.data.structure.links, 0).href = 'not a uri')), 'format'],
      ['value as a string', broken((m) => Object.assign(at(firstSeries(m).observations ?? {}, '0'), { 0: '23014.59' })), 'type'],
      ['unknown series member', broken((m) => Object.assign(firstSeries(m), { extra: true })), 'additionalProperties'],
      [
        'attribute with a keyPosition',
        broken((m) => Object.assign(at(m.data.structure.attributes.series, 0), { keyPosition: 0 })),
        'not',
      ],
      ['dimension without keyPosition', broken((m) => delete at(m.data.structure.dimensions.series, 0).keyPosition), 'required'],
      ['series key not made of indices', broken((m) => (dataSetOf(m).series = { 'GDP:110000': {} })), 'additionalProperties'],
    ];
    for (const [what, message, keyword] of failures) {
      expect(validate(message), what).toBe(false);
      expect(
        validate.errors?.map((error) => error.keyword),
        what,
      ).toContain(keyword);
    }
    expect(validate(good)).toBe(true);
  });
});
