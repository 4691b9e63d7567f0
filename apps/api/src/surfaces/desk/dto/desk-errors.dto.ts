import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** The default error format of the desk API (SPEC section 7). */
export class DeskErrorDto {
  @ApiProperty({ example: 'Ticket not found' })
  error: string;
}

export class DeskValidationErrorDto {
  @ApiProperty({ example: 'Validation failed' })
  error: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'array', items: { type: 'string' } },
    example: { tags: ['tags[0] must be 1 to 40 characters once trimmed'] },
    description: 'Messages per request field (query parameter, body field or header); absent when the body as a whole is not JSON',
  })
  errors?: Record<string, string[]>;
}
