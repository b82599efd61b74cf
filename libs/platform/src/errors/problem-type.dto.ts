import { ApiProperty } from '@nestjs/swagger';

export class ProblemTypeDto {
  @ApiProperty({ example: '/problems/validation-error', description: 'The `type` member of problems of this kind' })
  type!: string;

  @ApiProperty()
  title!: string;

  @ApiProperty({ description: 'HTTP status code problems of this type carry' })
  status!: number;

  @ApiProperty({ required: false })
  description?: string;
}
