import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { SUPPORTED_LOCALES, type Locale } from '@mm/auth';

export const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;
export const PHONE_PATTERN = /^\+?[0-9][0-9 ().-]{3,24}$/;

export class RegisterDto {
  @ApiProperty({ example: 'jane@example.com', description: 'Unique, case-insensitive' })
  @Transform(trim)
  @IsEmail({}, { message: 'email must be a valid email address' })
  @MaxLength(254)
  email: string;

  @ApiProperty({ example: 'correct horse battery', minLength: PASSWORD_MIN, maxLength: PASSWORD_MAX })
  @IsString()
  @MinLength(PASSWORD_MIN)
  @MaxLength(PASSWORD_MAX)
  password: string;

  @ApiProperty({ example: 'Jane Doe', maxLength: 100 })
  @Transform(trim)
  @IsString()
  @MinLength(1, { message: 'name should not be empty' })
  @MaxLength(100)
  name: string;

  @ApiPropertyOptional({ example: '+1 555 0100', description: 'Digits, spaces, + ( ) . -' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Matches(PHONE_PATTERN, { message: 'phone must be a phone number' })
  phone?: string;

  @ApiPropertyOptional({ enum: SUPPORTED_LOCALES, default: 'en', description: 'Language of notifications; others are refused' })
  @IsOptional()
  @IsIn(SUPPORTED_LOCALES, { message: `locale must be one of: ${SUPPORTED_LOCALES.join(', ')}` })
  locale?: Locale;
}
