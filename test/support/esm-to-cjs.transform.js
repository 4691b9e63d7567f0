// jest runs CommonJS: ESM-only packages in node_modules (pg-boss and its dependencies) are turned into CommonJS here.
const { transformSync } = require('esbuild');

module.exports = {
  process(sourceText, sourcePath) {
    const { code, map } = transformSync(sourceText, { format: 'cjs', loader: 'js', target: 'node22', sourcemap: true, sourcefile: sourcePath });
    return { code, map };
  },
};
