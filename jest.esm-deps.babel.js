// Jest runs our TypeScript as CommonJS (ts-jest). NestJS 12 ships ES modules only, and Jest's runtime
// cannot require() an ES module before Node 24.9, so Jest compiles those packages to CommonJS with babel.
// Outside Jest, Node >= 20.19 loads them natively through require(esm).

/**
 * Some ES modules declare `const require = createRequire(import.meta.url)` (@nestjs/terminus). Compiled to
 * CommonJS, that binding would shadow the module wrapper's `require` that the compiled imports call, so it
 * is renamed first.
 */
function renameModuleLevelRequire() {
  return {
    visitor: {
      Program(path) {
        if (path.scope.hasOwnBinding('require')) path.scope.rename('require', '__esmRequire');
      },
    },
  };
}

module.exports = {
  plugins: [
    renameModuleLevelRequire,
    'babel-plugin-transform-import-meta',
    '@babel/plugin-transform-dynamic-import',
    '@babel/plugin-transform-modules-commonjs',
  ],
};
