import { PLATFORM_PROBLEMS } from './problems';

export interface ProblemTypeDescription {
  readonly title: string;
  readonly status: number;
  readonly description?: string;
}

/**
 * Every problem `type` Hutong can emit, so that GET /problems/{slug} can describe it. Libraries add
 * theirs with `registerProblemTypes` next to the enum that defines them.
 */
const catalog = new Map<string, ProblemTypeDescription>(Object.entries(PLATFORM_PROBLEMS));

export function registerProblemTypes(types: Readonly<Record<string, ProblemTypeDescription>>): void {
  for (const [slug, description] of Object.entries(types)) catalog.set(slug, description);
}

export function describeProblemType(slug: string): ProblemTypeDescription | undefined {
  return catalog.get(slug);
}

export function listProblemTypes(): Array<{ slug: string } & ProblemTypeDescription> {
  return [...catalog.entries()].map(([slug, d]) => ({ slug, ...d })).sort((a, b) => a.slug.localeCompare(b.slug));
}
