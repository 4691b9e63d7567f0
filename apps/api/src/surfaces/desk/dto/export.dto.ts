import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsISO8601, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { DeskTicketDto } from './desk-ticket.response';

export const MAX_EXPORT_LIMIT = 1000;

export class ExportTicketsQuery {
  @ApiPropertyOptional({ description: 'The `nextCursor` of the previous page; without it the export starts at the beginning (or at `since`)' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Start with the tickets changed at or after this time (ignored with a cursor)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  since?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_EXPORT_LIMIT, default: 100 })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value))
  @IsInt()
  @Min(1)
  @Max(MAX_EXPORT_LIMIT)
  limit?: number;
}

export class ExportTicketsPageDto {
  @ApiProperty({ type: [DeskTicketDto] })
  data: DeskTicketDto[];

  @ApiProperty({ description: 'Where to continue; at the end, where to resume later' })
  nextCursor: string;

  @ApiProperty({ description: 'true when no more changes are ready now' })
  endOfStream: boolean;
}
