// Jest runs our TypeScript as CommonJS (ts-jest). NestJS 12 ships ES modules only, and Jest's runtime
// cannot require() an ES module before Node 24.9, so Jest compiles those packages to CommonJS with babel.
// Outside Jest, Node >= 20.19 loads them natively through require(esm).
module.exports = {
  plugins: ['babel-plugin-transform-import-meta', '@babel/plugin-transform-modules-commonjs'],
};
