// CSS imports are bundled by esbuild (scripts/build-console.js).
declare module '*.css';
