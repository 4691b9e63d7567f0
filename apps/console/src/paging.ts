/** Console lists (seed 004 style) are read this many at a time. Its own module so tests can read it without a browser. */
export const PAGE_SIZE = 50;
