import { recordsController } from '../kit/records.controller';
import { PersonSearchDto, PersonVerificationDto } from './population.dto';

/** `/registries/population/persons…` and `/registries/population/verifications`. */
export const PersonsController = recordsController({
  registry: 'population',
  basePath: 'registries/population',
  recordsPath: 'persons',
  noun: 'person',
  searchDto: PersonSearchDto,
  verificationDto: PersonVerificationDto,
  searchFilters: (query) => ({
    ...(query.name !== undefined ? { name: query.name } : {}),
    ...(query.divisionCode !== undefined ? { divisionCode: query.divisionCode } : {}),
    equals: birthDateFilter(query.birthDate),
  }),
  searchSummary: 'Search persons by name (current or former), birth date and household division, within your row scope',
  verificationSummary: '核验: does this citizen ID match this name (and birth date)? match / no_match / not_found, nothing else',
});

function birthDateFilter(birthDate: string | undefined): Record<string, string> {
  return birthDate === undefined ? {} : { birth_date: birthDate };
}
