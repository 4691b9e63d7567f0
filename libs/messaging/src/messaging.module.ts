import { Module } from '@nestjs/common';
import { ConversationService } from './conversation.service';
import { SendMessageService } from './send-message.service';

/** Ticket conversations: messages, read state and the ticket's counters and read flags. */
@Module({
  providers: [SendMessageService, ConversationService],
  exports: [SendMessageService, ConversationService],
})
export class MessagingModule {}
