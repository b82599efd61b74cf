/**
 * URNs of the items and components inside a maintainable artefact (`urnOf` in the model names the
 * artefacts themselves): `urn:sdmx:org.sdmx.infomodel.<package>.<Class>=AGENCY:ID(VERSION).ITEM`.
 */
import type { ArtefactRef } from './sdmx-model';

export type ItemClass = 'Code' | 'Concept';

export type ComponentClass =
  | 'Dimension'
  | 'TimeDimension'
  | 'DataAttribute'
  | 'PrimaryMeasure'
  | 'DimensionDescriptor'
  | 'AttributeDescriptor'
  | 'MeasureDescriptor';

const ITEM_PACKAGE: Record<ItemClass, string> = { Code: 'codelist', Concept: 'conceptscheme' };

function maintainableKey(ref: ArtefactRef): string {
  return `${ref.agencyId}:${ref.id}(${ref.version})`;
}

export function itemUrn(itemClass: ItemClass, parent: ArtefactRef, itemId: string): string {
  return `urn:sdmx:org.sdmx.infomodel.${ITEM_PACKAGE[itemClass]}.${itemClass}=${maintainableKey(parent)}.${itemId}`;
}

export function componentUrn(componentClass: ComponentClass, structure: ArtefactRef, componentId: string): string {
  return `urn:sdmx:org.sdmx.infomodel.datastructure.${componentClass}=${maintainableKey(structure)}.${componentId}`;
}

/** The descriptors (component lists) of a DSD have fixed ids in SDMX 2.1. */
export const DESCRIPTOR_IDS = {
  dimensions: 'DimensionDescriptor',
  attributes: 'AttributeDescriptor',
  measures: 'MeasureDescriptor',
} as const;
