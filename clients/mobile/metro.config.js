/* global require, process, __dirname, module -- Metro loads this file as CommonJS in Node */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { getDefaultConfig } = require('expo/metro-config');

// Production web exports are tree-shaken (Metro otherwise ships whole libraries such as graphql-js
// and rxjs): that keeps the first download under 250 KB gzip. Expo reads these switches after
// loading this file; dev servers keep the fast unoptimized graph.
if (process.argv.includes('export')) {
  process.env.EXPO_UNSTABLE_METRO_OPTIMIZE_GRAPH ??= '1';
  process.env.EXPO_UNSTABLE_TREE_SHAKING ??= '1';
}

const config = getDefaultConfig(__dirname);
config.transformer.getTransformOptions = async () => ({ transform: { experimentalImportSupport: true } });
module.exports = config;
