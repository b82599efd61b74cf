/**
 * The SDMX information model as far as Hutong serves it: structures (dataflow, data structure
 * definition, codelists, concept schemes) and the observations of a data query. The serialisers
 * (SDMX-ML 2.1, SDMX-JSON 1.0, SDMX-CSV 1.0) read only these types; where they come from — the
 * macro registry's definitions and records — is not their business.
 */

/** A text in the two languages Hutong publishes (SDMX `Name` / `Description` with `xml:lang`). */
export interface LocalisedText {
  readonly en: string;
  readonly zh: string;
}

/** `AGENCY:ID(VERSION)`: how one maintainable artefact names another. */
export interface ArtefactRef {
  readonly agencyId: string;
  readonly id: string;
  readonly version: string;
}

export interface Code {
  readonly id: string;
  readonly name: LocalisedText;
  readonly description?: LocalisedText;
  /** For hierarchical codelists (a county's prefecture in CL_AREA). */
  readonly parentId?: string;
}

export interface Codelist extends ArtefactRef {
  readonly name: LocalisedText;
  readonly description?: LocalisedText;
  readonly codes: readonly Code[];
}

export interface Concept {
  readonly id: string;
  readonly name: LocalisedText;
  readonly description?: LocalisedText;
}

export interface ConceptScheme extends ArtefactRef {
  readonly name: LocalisedText;
  readonly concepts: readonly Concept[];
}

/** A dimension of the key; `position` is 1-based, in key order. Its concept lives in the DSD's concept scheme. */
export interface DimensionDef {
  readonly id: string;
  readonly position: number;
  readonly conceptId: string;
  readonly codelist: ArtefactRef;
}

export type AttributeAttachment = 'Series' | 'Observation';

export interface AttributeDef {
  readonly id: string;
  readonly conceptId: string;
  /** Absent: free text (e.g. a source reference). */
  readonly codelist?: ArtefactRef;
  readonly attachment: AttributeAttachment;
  readonly mandatory: boolean;
}

export interface DataStructure extends ArtefactRef {
  readonly name: LocalisedText;
  readonly conceptScheme: ArtefactRef;
  /** In key order. */
  readonly dimensions: readonly DimensionDef[];
  /** The time dimension (always last in the key of a data query's observations): `TIME_PERIOD`. */
  readonly timeDimension: { readonly id: string; readonly conceptId: string };
  /** The primary measure: `OBS_VALUE`. */
  readonly primaryMeasure: { readonly id: string; readonly conceptId: string };
  readonly attributes: readonly AttributeDef[];
}

export interface Dataflow extends ArtefactRef {
  readonly name: LocalisedText;
  readonly description?: LocalisedText;
  readonly structure: ArtefactRef;
}

/** What a structure query returns. Lists may be empty; a message holds at least one artefact. */
export interface StructureSet {
  readonly dataflows: readonly Dataflow[];
  readonly dataStructures: readonly DataStructure[];
  readonly codelists: readonly Codelist[];
  readonly conceptSchemes: readonly ConceptScheme[];
}

/** SDMX `Header`: message id (`^[A-Za-z0-9_@$-]+$`), when it was prepared, who sends it. */
export interface MessageHeader {
  readonly id: string;
  readonly prepared: Date;
  readonly senderId: string;
  /** Whether names are given in `en`, `zh` or both (structure messages always carry both). */
  readonly language: 'en' | 'zh';
}

/**
 * One observation of a data query, flat: every dimension of the key except the time dimension,
 * the period, the value and the attributes that apply, by id. Series attributes repeat on every
 * observation of their series (they are equal across it).
 */
export interface ObservationRow {
  /** Dimension id → code, for every dimension of the DSD (not the time dimension). */
  readonly key: Readonly<Record<string, string>>;
  /** `2015`, `2015-Q1`, `2015-01`. */
  readonly period: string;
  readonly value: number | null;
  /**
   * The value exactly as stored (decimal text such as `123456789012345678`), for the text formats:
   * SDMX-CSV and SDMX-ML carry it unrounded; only SDMX-JSON, whose values are JSON numbers, rounds.
   */
  readonly valueText?: string;
  /** Attribute id → value; an attribute the caller may not read, or without a value, is absent. */
  readonly attributes: Readonly<Record<string, string>>;
}

export type Detail = 'full' | 'dataonly' | 'serieskeysonly' | 'nodata';

/** `TIME_PERIOD` (time series), `AllDimensions` (flat) or the id of another dimension (cross-section). */
export type DimensionAtObservation = string;

/** A data query's answer, ready to be written in any of the data formats. */
export interface DataResult {
  readonly dataflow: Dataflow;
  readonly structure: DataStructure;
  /** The codelists of the structure's dimensions and coded attributes (names for SDMX-JSON). */
  readonly codelists: readonly Codelist[];
  /** Ordered by series key (dimension order), then period. */
  readonly rows: readonly ObservationRow[];
  /** Attribute ids the caller may read; the others are left out of the structure and the data. */
  readonly attributes: readonly string[];
  /** The structure's concept scheme, for component names (SDMX-JSON); without it components are named by id. */
  readonly conceptScheme?: ConceptScheme;
}

export interface DataRendering {
  readonly header: MessageHeader;
  readonly detail: Detail;
  readonly dimensionAtObservation: DimensionAtObservation;
}

export function urnOf(kind: 'Dataflow' | 'DataStructure' | 'Codelist' | 'ConceptScheme', ref: ArtefactRef): string {
  const pkg =
    kind === 'Dataflow' || kind === 'DataStructure' ? 'datastructure' : kind === 'Codelist' ? 'codelist' : 'conceptscheme';
  return `urn:sdmx:org.sdmx.infomodel.${pkg}.${kind}=${ref.agencyId}:${ref.id}(${ref.version})`;
}

/** An observation value as text: the stored text when there is one, else the number's shortest form. */
export function observationValueText(row: ObservationRow): string {
  return row.value === null ? '' : (row.valueText ?? String(row.value));
}
