/**
 * Test helper (not used by the serialisers): the shape of an SDMX-JSON 1.0 data message as a client
 * reads it, and lookups that fail loudly, so specs can follow indices the way a client would.
 */
import { sdmxDataFixture, sdmxRendering } from './sdmx-fixture';
import { renderSdmxJsonData } from '../sdmx-json';
import type { DataRendering } from '../sdmx-model';

export type Observation = (number | null)[];

export interface Value {
  id?: string;
  name: string;
  start?: string;
  end?: string;
}

export interface Component {
  id: string;
  name: string;
  keyPosition?: number;
  role?: string;
  values: Value[];
}

export interface Series {
  attributes?: (number | null)[];
  observations?: Record<string, Observation>;
}

/** What a client of SDMX-JSON 1.0 reads out of a data message. */
export interface DataMessage {
  meta: Record<string, unknown>;
  data: {
    structure: {
      name: string;
      links: { href: string; rel: string }[];
      dimensions: { series: Component[]; observation: Component[] };
      attributes: { series: Component[]; observation: Component[] };
    };
    dataSets: { action: string; series: Record<string, Series>; observations: Record<string, Observation> }[];
  };
}

export function renderJsonData(overrides: Partial<DataRendering> = {}): DataMessage {
  return renderSdmxJsonData(sdmxDataFixture(), sdmxRendering(overrides)) as DataMessage;
}

/** An entry that must be there; its absence fails the test with the key in the message. */
export function at<T>(record: Record<string, T> | readonly T[], key: string | number): T {
  const value = (record as Record<string, T>)[key];
  if (value === undefined) throw new Error(`no entry ${key}`);
  return value;
}

export function dataSetOf(message: DataMessage) {
  return at(message.data.dataSets, 0);
}

/** The value a dimension or attribute index points at, as a user of the format would look it up. */
export function valueAt(components: Component[], position: number, index: number | null | undefined): Value | null {
  return index === null || index === undefined ? null : at(at(components, position).values, index);
}
