import { Writer, type Quad } from 'n3';
import { PREFIXES } from './dcat-vocabulary';

/** Serialises triples as Turtle with the DCAT view's prefixes. */
export function toTurtle(quads: readonly Quad[]): Promise<string> {
  const writer = new Writer({ prefixes: { ...PREFIXES }, format: 'text/turtle' });
  writer.addQuads([...quads]);
  return new Promise((resolve, reject) => {
    writer.end((error: Error | null, result: string) => (error ? reject(error) : resolve(result)));
  });
}
