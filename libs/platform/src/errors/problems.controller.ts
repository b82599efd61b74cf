import { Controller, Get, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access } from '../http/access.decorator';
import { describeProblemType, listProblemTypes } from './problem-catalog';
import { problemType } from './problem';
import { ProblemTypeDto } from './problem-type.dto';
import { notFound } from './problems';

/** Makes every problem `type` URI resolvable: a client that meets an unknown type can look it up. */
@ApiTags('operations')
@Controller('problems')
export class ProblemsController {
  @Get()
  @Access({ public: true })
  @ApiOperation({ summary: 'Every problem type this gateway can return' })
  @ApiOkResponse({ type: [ProblemTypeDto], description: 'All problem types' })
  list(): ProblemTypeDto[] {
    return listProblemTypes().map(({ slug, ...rest }) => ({ type: problemType(slug), ...rest }));
  }

  @Get(':slug')
  @Access({ public: true })
  @ApiOperation({ summary: 'Describe one problem type' })
  @ApiOkResponse({ type: ProblemTypeDto, description: 'The problem type' })
  describe(@Param('slug') slug: string): ProblemTypeDto {
    const description = describeProblemType(slug);
    if (!description) throw notFound(`No problem type is called "${slug}".`);
    return { type: problemType(slug), ...description };
  }
}
