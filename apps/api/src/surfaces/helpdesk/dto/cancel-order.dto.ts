import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { say, Trimmed } from './laravel-rules';

export class CancelOrderDto {
  @ApiPropertyOptional({ example: 'Changed my mind about the purchase', maxLength: 500 })
  @Trimmed()
  @IsOptional()
  @IsString({ message: say.string('reason') })
  @MaxLength(500, { message: say.maxChars('reason', 500) })
  reason?: string;
}
