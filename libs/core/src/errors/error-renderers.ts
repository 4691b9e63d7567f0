import { Injectable } from '@nestjs/common';
import { defaultErrorRenderer } from './default-error.renderer';
import { ErrorRenderer } from './problem';

/**
 * Which error format a URL gets. Each surface registers its base paths once;
 * the longest matching prefix wins, so errors raised before a controller runs
 * (malformed JSON, body too large, unknown route) still look like the surface's own.
 */
@Injectable()
export class ErrorRendererRegistry {
  private readonly entries: { prefix: string; renderer: ErrorRenderer }[] = [];

  register(prefixes: string[], renderer: ErrorRenderer): void {
    for (const prefix of prefixes) this.entries.push({ prefix, renderer });
    this.entries.sort((a, b) => b.prefix.length - a.prefix.length);
  }

  rendererFor(url: string): ErrorRenderer {
    const path = url.split('?')[0];
    const match = this.entries.find((e) => path === e.prefix || path.startsWith(`${e.prefix}/`));
    return match?.renderer ?? defaultErrorRenderer;
  }
}


