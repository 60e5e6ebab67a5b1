import { flatRoutes } from "remix-flat-routes";

/** @type {import('@remix-run/dev').AppConfig} */
export default {
  ignoredRouteFiles: ["**/*"],
  serverModuleFormat: "esm",
  serverPlatform: "node",
  // BUILD_DIR lets a second build (e2e, a parallel checkout) live beside the default one.
  serverBuildPath: process.env.BUILD_DIR ? `${process.env.BUILD_DIR}/index.js` : "build/index.js",
  assetsBuildDirectory: process.env.BUILD_DIR ? `${process.env.BUILD_DIR}/assets` : "public/build",
  publicPath: "/build/",
  tailwind: true,
  postcss: true,
  watchPaths: ["server/**/*.ts"],
  routes: async (defineRoutes) =>
    flatRoutes("routes", defineRoutes, {
      ignoredRouteFiles: ["**/.*", "**/*.test.{ts,tsx}", "**/*.server.{ts,tsx}", "**/*.css"],
    }),
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_lazyRouteDiscovery: true,
  },
};
