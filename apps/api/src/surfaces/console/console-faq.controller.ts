import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { RequestContext } from '@mm/core';
import { Access, Ctx, Public } from '@mm/auth';
import { FaqService } from '@mm/ticket';
import { FaqIdPipe } from '../../platform/common/entity-id.pipe';
import { FaqDto, FaqFilterQuery } from './dto/console-requests.dto';
import { ConsoleFaqResponseDto, ConsoleFaqsResponseDto, ConsoleMessageResponseDto } from './dto/console-responses.dto';
import { CONSOLE_401, CONSOLE_403, CONSOLE_IDEMPOTENCY, ConsoleErrorResponses } from './console.errors';
import { consoleFaq, storedCategory } from './console.presenter';

const FAQ_PARAM = { name: 'faq_id', schema: { type: 'integer', minimum: 1 }, example: 3, description: 'FAQ ID' } as const;
const FAQ_404 = { error: 'FAQ not found' };

/** Seed 004's public FAQ, and its management by admins (SPEC section 2). */
@ApiTags('console')
@Controller('api')
export class ConsoleFaqController {
  constructor(private readonly faqs: FaqService) {}

  @Get('support/faq')
  @Public()
  @ApiOperation({ summary: 'FAQs (public)', description: 'No sign-in. `category` filters: Damaged, Lost, Late, Quality, Other.' })
  @ApiOkResponse({ type: ConsoleFaqsResponseDto })
  @ConsoleErrorResponses({ 400: { category: ['"Broken" is not a valid choice.'] } })
  async list(@Query() query: FaqFilterQuery): Promise<ConsoleFaqsResponseDto> {
    const faqs = await this.faqs.list(query.category ? storedCategory(query.category) : undefined);
    return { faqs: faqs.map(consoleFaq) };
  }

  @Post('admin/faq')
  @HttpCode(201)
  @Access({ roles: ['admin'], permissions: ['manage_faq'] })
  @ApiOperation({ summary: 'Add a FAQ (admins)', description: 'question, answer and category are required; it is public at once (GET /api/support/faq/).' })
  @ApiCreatedResponse({ type: ConsoleFaqResponseDto })
  @ConsoleErrorResponses({ 400: { question: ['This field is required.'] }, 401: CONSOLE_401, 403: CONSOLE_403, ...CONSOLE_IDEMPOTENCY })
  async create(@Ctx() ctx: RequestContext, @Body() body: FaqDto): Promise<ConsoleFaqResponseDto> {
    const faq = await this.faqs.create(ctx, { question: body.question, answer: body.answer, category: storedCategory(body.category) });
    return { message: 'FAQ created successfully', faq: consoleFaq(faq) };
  }

  @Put('admin/faq/:faq_id')
  @Access({ roles: ['admin'], permissions: ['manage_faq'] })
  @ApiOperation({ summary: 'Replace a FAQ (admins)', description: 'question, answer and category are all required.' })
  @ApiParam(FAQ_PARAM)
  @ApiOkResponse({ type: ConsoleFaqResponseDto })
  @ConsoleErrorResponses({ 400: { answer: ['This field may not be blank.'] }, 401: CONSOLE_401, 403: CONSOLE_403, 404: FAQ_404 })
  async update(@Ctx() ctx: RequestContext, @Param('faq_id', FaqIdPipe) faqId: number, @Body() body: FaqDto): Promise<ConsoleFaqResponseDto> {
    const faq = await this.faqs.update(ctx, faqId, { question: body.question, answer: body.answer, category: storedCategory(body.category) });
    return { message: 'FAQ updated successfully', faq: consoleFaq(faq) };
  }

  @Delete('admin/faq/:faq_id')
  @Access({ roles: ['admin'], permissions: ['manage_faq'] })
  @ApiOperation({ summary: 'Delete a FAQ (admins)', description: 'Removes it from the public list.' })
  @ApiParam(FAQ_PARAM)
  @ApiOkResponse({ type: ConsoleMessageResponseDto })
  @ConsoleErrorResponses({ 401: CONSOLE_401, 403: CONSOLE_403, 404: FAQ_404 })
  async remove(@Ctx() ctx: RequestContext, @Param('faq_id', FaqIdPipe) faqId: number): Promise<ConsoleMessageResponseDto> {
    await this.faqs.remove(ctx, faqId);
    return { message: 'FAQ deleted successfully' };
  }
}
