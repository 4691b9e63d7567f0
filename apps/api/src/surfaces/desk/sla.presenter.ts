import { calendarView, policyView, SlaCalendar, SlaPolicy } from '@mm/sla';
import { CalendarDto, SlaPolicyDto } from './dto/sla-config.dto';

export function presentCalendar(calendar: SlaCalendar): CalendarDto {
  return { ...calendarView(calendar), createdAt: calendar.createdAt.toISOString(), updatedAt: calendar.updatedAt.toISOString() };
}

export function presentPolicy(policy: SlaPolicy): SlaPolicyDto {
  return { ...policyView(policy), createdAt: policy.createdAt.toISOString(), updatedAt: policy.updatedAt.toISOString() };
}
