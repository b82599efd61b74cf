import type { ArtefactRef, StructureSet } from '../sdmx/sdmx-model';
import { sdmxProblem, syntaxError } from './sdmx-errors';

/** The structure resources served; the other SDMX 2.1 structural resources answer 501. */
const SERVED = ['dataflow', 'datastructure', 'codelist', 'conceptscheme'] as const;
type Served = (typeof SERVED)[number];
const NOT_SERVED = new Set([
  'structure',
  'metadatastructure',
  'categorisation',
  'contentconstraint',
  'actualconstraint',
  'allowedconstraint',
  'attachmentconstraint',
  'categoryscheme',
  'hierarchicalcodelist',
  'metadataflow',
  'organisationscheme',
  'agencyscheme',
  'dataproviderscheme',
  'dataconsumerscheme',
  'organisationunitscheme',
  'process',
  'provisionagreement',
  'reportingtaxonomy',
  'structureset',
  'transformationscheme',
  'rulesetscheme',
  'userdefinedoperatorscheme',
  'customtypescheme',
  'namepersonalisationscheme',
  'vtlmappingscheme',
]);
const REFERENCES = ['none', 'parents', 'parentsandsiblings', 'children', 'descendants', 'all'] as const;
const ID = /^[A-Za-z0-9_@$-]+$/;

export interface StructurePath {
  readonly resource: string;
  readonly agencyId?: string;
  readonly resourceId?: string;
  readonly version?: string;
}

/** A structure query, checked: which resource, which artefacts, which references. */
export interface StructureQuery {
  readonly resource: Served;
  readonly path: StructurePath;
  readonly references: (typeof REFERENCES)[number];
}

/** Checks `/{resource}/{agencyID}/{resourceID}/{version}?references=&detail=` before any data is read. */
export function parseStructureQuery(path: StructurePath, query: Readonly<Record<string, unknown>>): StructureQuery {
  const resource = servedResource(path.resource);
  for (const [field, value] of Object.entries({ agencyID: path.agencyId, resourceID: path.resourceId, version: path.version })) {
    if (value !== undefined && value !== 'all' && value !== 'latest' && !ID.test(value.replace(/\./g, ''))) {
      throw syntaxError(field, 'syntax', 'an SDMX id, all or latest');
    }
  }
  return { resource, path, references: referencesOf(query) };
}

/**
 * A structure query applied to the structures there are: the artefacts it names, plus those its
 * `references` asks for (children: what they use; parents: what uses them). Nothing left → SDMX
 * 100 (404).
 */
export function selectStructures(all: StructureSet, query: StructureQuery): StructureSet {
  const { resource, path } = query;
  const named = (ref: ArtefactRef): boolean => matches(path, ref);
  const selected: StructureSet = {
    dataflows: resource === 'dataflow' ? all.dataflows.filter(named) : [],
    dataStructures: resource === 'datastructure' ? all.dataStructures.filter(named) : [],
    codelists: resource === 'codelist' ? all.codelists.filter(named) : [],
    conceptSchemes: resource === 'conceptscheme' ? all.conceptSchemes.filter(named) : [],
  };
  const found = Object.values(selected).some((list: readonly unknown[]) => list.length > 0);
  if (!found) {
    throw sdmxProblem(
      'sdmx-no-results',
      `No ${resource} ${[path.agencyId, path.resourceId, path.version].filter(Boolean).join('/')}.`,
    );
  }
  return withReferences(all, selected, resource, query.references);
}

function servedResource(resource: string): Served {
  if ((SERVED as readonly string[]).includes(resource)) return resource as Served;
  if (NOT_SERVED.has(resource)) {
    throw sdmxProblem('sdmx-not-implemented', `The ${resource} resource is not served; ask for ${SERVED.join(', ')}.`);
  }
  throw syntaxError('resource', 'unknown', `not an SDMX 2.1 structure resource; served: ${SERVED.join(', ')}`);
}

function referencesOf(query: Readonly<Record<string, unknown>>): (typeof REFERENCES)[number] {
  for (const name of Object.keys(query)) {
    if (name !== 'references' && name !== 'detail')
      throw syntaxError(name, 'unknown_parameter', 'structure queries take references and detail');
  }
  const detail = query.detail;
  if (detail !== undefined && detail !== 'full') {
    if (
      typeof detail === 'string' &&
      /^(allstubs|referencestubs|referencepartial|allcompletestubs|referencecompletestubs)$/.test(detail)
    ) {
      throw sdmxProblem('sdmx-not-implemented', `detail=${detail} is not served; structures come in full.`);
    }
    throw syntaxError('detail', 'enum', 'full (stubs are not served)');
  }
  const references = query.references ?? 'none';
  if (typeof references === 'string' && (REFERENCES as readonly string[]).includes(references)) {
    return references as (typeof REFERENCES)[number];
  }
  throw syntaxError('references', 'enum', `one of ${REFERENCES.join(', ')}`);
}

function matches(path: StructurePath, ref: ArtefactRef): boolean {
  const is = (value: string | undefined, actual: string): boolean => value === undefined || value === 'all' || value === actual;
  const version = path.version === 'latest' ? undefined : path.version;
  return is(path.agencyId, ref.agencyId) && is(path.resourceId, ref.id) && is(version, ref.version);
}

/** Hutong has one dataflow over one DSD: its children are the DSD and everything the DSD uses. */
function withReferences(
  all: StructureSet,
  selected: StructureSet,
  resource: Served,
  references: (typeof REFERENCES)[number],
): StructureSet {
  if (references === 'none') return selected;
  const down = references === 'children' || references === 'descendants' || references === 'all';
  const up = references === 'parents' || references === 'parentsandsiblings' || references === 'all';
  const usedCodelists = new Set(
    all.dataStructures.flatMap((dsd) => [
      ...dsd.dimensions.map((dimension) => dimension.codelist.id),
      ...dsd.attributes.flatMap((attribute) => (attribute.codelist ? [attribute.codelist.id] : [])),
    ]),
  );
  const isChildLevel = resource === 'dataflow' || resource === 'datastructure';
  return {
    dataflows: up && resource !== 'dataflow' ? all.dataflows : selected.dataflows,
    dataStructures: (down && resource === 'dataflow') || (up && !isChildLevel) ? all.dataStructures : selected.dataStructures,
    codelists: down && isChildLevel ? all.codelists.filter((list) => usedCodelists.has(list.id)) : selected.codelists,
    conceptSchemes: down && isChildLevel ? all.conceptSchemes : selected.conceptSchemes,
  };
}
