// The build lives in scripts/build.mjs, plain JavaScript, so that `npm start` can build a fresh clone with plain node.
export { build, buildIfStale, RUNTIME_SCRIPTS } from '#scripts/build.mjs'
