/** How a queryable is stored, which decides the operators and literals it can meet. */
export type Cql2PropertyType = 'string' | 'number' | 'integer' | 'boolean' | 'date' | 'timestamp' | 'geometry';

export interface Cql2Property {
  /** SQL that evaluates to the property, already cast to its type, e.g. `(r.record ->> 'area')::numeric`. */
  readonly sql: string;
  readonly type: Cql2PropertyType;
}

/** What the compiler needs from the endpoint: the queryables, the bind parameters and the CRSs. */
export interface Cql2SqlContext {
  /** SQL of a queryable, or undefined when the name is not a queryable (→ Cql2Error 'unknown_property' naming it). */
  property(name: string): Cql2Property | undefined;
  /** Adds a bind value and returns its placeholder, e.g. "$7". */
  param(value: unknown): string;
  /**
   * CRS of geometry literals (filter-crs): SRID, and whether literal coordinates are in
   * latitude-first order (EPSG:4490/4326 authority order) and must be swapped to x/y.
   */
  readonly filterCrs: { readonly srid: number; readonly latitudeFirst: boolean };
  /** SRID geometry properties are stored in (4490). */
  readonly storageSrid: number;
}
