import { AsyncResource } from 'node:async_hooks';

const original = AsyncResource.prototype.bind;
let installed = false;

/**
 * Node 20's `AsyncResource#bind` defines an `asyncResource` accessor (two fresh
 * closures) on every bound function, and V8 keeps those young closures, the
 * bound function and everything it closes over alive through every minor
 * collection: they are promoted to the old generation and freed only by the
 * next full collection. 2,000 bound functions each closing over 1 KB, dropped
 * at once, put 7 MB into the old generation after two minor collections; with
 * this `bind`, 27 KB. Nest binds one per interceptor per request and Fastify
 * one per request body, so each request (its reply, headers, rows) was
 * promoted: at 100 requests a second about 1 MB per minor collection, and a
 * full collection every 20 s (docs/benchmarks.md, "Garbage"). This `bind`
 * behaves the same (the function runs in the resource's async scope, with the
 * caller's or the given `this`, and has `length` and `asyncResource`), with
 * `asyncResource` a plain property.
 */
export function installAsyncResourceBind(): void {
  if (installed) return;
  installed = true;
  (AsyncResource.prototype as { bind: unknown }).bind = function bind(this: AsyncResource, fn: (...args: unknown[]) => unknown, thisArg?: unknown) {
    if (typeof fn !== 'function') return Reflect.apply(original, this, [fn, thisArg]); // Node's own argument error
    const bound = runningIn(this, fn, thisArg);
    Object.defineProperty(bound, 'length', { configurable: true, enumerable: false, writable: false, value: fn.length });
    return Object.assign(bound, { asyncResource: this });
  };
}

function runningIn(resource: AsyncResource, fn: (...args: unknown[]) => unknown, thisArg: unknown) {
  if (thisArg !== undefined) return (...args: unknown[]) => resource.runInAsyncScope(fn, thisArg, ...args);
  return function (this: unknown, ...args: unknown[]) {
    return resource.runInAsyncScope(fn, this, ...args);
  };
}
