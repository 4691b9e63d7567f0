import { Macro, SavedView } from '@mm/productivity';
import { MacroDto, ViewDto } from './dto/productivity.dto';

export function presentMacro(macro: Macro): MacroDto {
  return {
    id: macro.id,
    title: macro.title,
    visibility: macro.visibility,
    ownerId: macro.ownerId,
    body: macro.body,
    translations: macro.translations,
    actions: { ...macro.actions },
    createdAt: macro.createdAt.toISOString(),
    updatedAt: macro.updatedAt.toISOString(),
  };
}

export function presentView(view: SavedView): ViewDto {
  return {
    id: view.id,
    name: view.name,
    visibility: view.visibility,
    ownerId: view.ownerId,
    filters: { ...view.filters },
    sort: view.sort,
    order: view.order,
    createdAt: view.createdAt.toISOString(),
    updatedAt: view.updatedAt.toISOString(),
  };
}
