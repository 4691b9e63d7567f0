import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { DomainErrorCode, RequestContext } from '@mm/core';
import { Access, AccountsService, Ctx, EMAIL_TAKEN_MESSAGE, Public, User } from '@mm/auth';
import { EntityIdPipe } from '../common/entity-id.pipe';
import { ApproveAgentResponseDto, ConsoleAgentDto, RegisterAgentDto, RegisterAgentResponseDto } from './dto/agents.dto';
import { CONSOLE_401, CONSOLE_403, ConsoleErrorResponses } from './console.errors';

const AgentIdPipe = new EntityIdPipe(DomainErrorCode.AgentNotFound, 'Agent not found');

function consoleAgent(user: User): ConsoleAgentDto {
  return { id: String(user.id), email: user.email, name: user.name, role: 'support_agent' };
}

/** Seed 004: agents register themselves and wait; an admin approves them. */
@ApiTags('console')
@Controller('api')
export class AgentsController {
  constructor(private readonly accounts: AccountsService) {}

  @Post('support/register-agent')
  @Public()
  @ApiOperation({
    summary: 'Register a support agent (public)',
    description: 'The account starts unapproved: agent routes answer 403 until an admin approves it. Log in with POST /api/auth/login.',
  })
  @ApiCreatedResponse({ type: RegisterAgentResponseDto })
  @ConsoleErrorResponses({ 400: { email: [EMAIL_TAKEN_MESSAGE] } })
  async register(@Body() body: RegisterAgentDto): Promise<RegisterAgentResponseDto> {
    const agent = await this.accounts.registerAgent({ email: body.email, password: body.password, name: body.name, phone: body.contact_number });
    return { message: 'Registration successful. Waiting for admin approval.', user: consoleAgent(agent) };
  }

  @Post('admin/approve-agent/:agent_id')
  @HttpCode(200)
  @Access({ roles: ['admin'], permissions: ['approve_agent'] })
  @ApiOperation({ summary: 'Approve a support agent (admins)', description: 'Approving an approved agent changes nothing and answers 200 again.' })
  @ApiParam({ name: 'agent_id', type: String, example: '507' })
  @ApiOkResponse({ type: ApproveAgentResponseDto })
  @ConsoleErrorResponses({ 401: CONSOLE_401, 403: CONSOLE_403, 404: { error: 'Agent not found' } })
  async approve(@Ctx() ctx: RequestContext, @Param('agent_id', AgentIdPipe) agentId: number): Promise<ApproveAgentResponseDto> {
    await this.accounts.approveAgent(ctx, agentId);
    return { message: 'Agent approved successfully' };
  }
}
