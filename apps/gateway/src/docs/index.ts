export { registerDocsRoutes } from './docs.routes';
export { DOCS_PATH, OPENAPI_JSON_PATH, DOCS_ASSETS_PATH } from './docs-page';
