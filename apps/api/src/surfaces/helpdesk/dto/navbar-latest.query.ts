import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Min } from 'class-validator';
import { QueryInt, say } from './laravel-rules';

export const DEFAULT_NAVBAR_LIMIT = 5;
export const MAX_NAVBAR_LIMIT = 50;

export class NavbarLatestQuery {
  @ApiPropertyOptional({ example: 5, type: 'integer', default: DEFAULT_NAVBAR_LIMIT, maximum: MAX_NAVBAR_LIMIT, description: `Larger values are served as ${MAX_NAVBAR_LIMIT}` })
  @QueryInt()
  @Transform(({ value }) => (typeof value === 'number' ? Math.min(value, MAX_NAVBAR_LIMIT) : value))
  @IsOptional()
  @IsInt({ message: say.integer('limit') })
  @Min(1, { message: say.min('limit', 1) })
  limit?: number;
}
