import { recordsController } from '../kit/records.controller';
import { LegalPersonSearchDto, LegalPersonVerificationDto } from './legal-persons.dto';

/** `/registries/legal-persons/{code}…`, search, batch and verifications. */
export const LegalPersonsController = recordsController({
  registry: 'legal-persons',
  basePath: 'registries/legal-persons',
  recordsPath: '',
  noun: 'legal person',
  searchDto: LegalPersonSearchDto,
  verificationDto: LegalPersonVerificationDto,
  searchFilters: (query) => ({
    ...(query.name !== undefined ? { name: query.name } : {}),
    ...(query.divisionCode !== undefined ? { divisionCode: query.divisionCode } : {}),
    equals: {
      ...(query.status !== undefined ? { status: query.status } : {}),
      ...(query.industry !== undefined ? { industry: query.industry } : {}),
    },
  }),
  searchSummary: 'Search legal persons by name (current or former), division, status and industry, within your row scope',
  verificationSummary: '核验: does this credit code match this name (and legal representative)? match / no_match / not_found',
});
