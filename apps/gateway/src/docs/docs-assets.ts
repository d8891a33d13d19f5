import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DOCS_INIT_JS } from './docs-page';

export interface DocsAsset {
  contentType: string;
  body: Buffer;
}

// swagger-ui-dist is plain files; only the two the page needs are served (no directory listing, no traversal).
const SWAGGER_UI_FILES: Readonly<Record<string, string>> = {
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui.css': 'text/css; charset=utf-8',
};

/** Loads the page's assets once from node_modules (no CDN: the docs work offline). */
export function loadDocsAssets(): ReadonlyMap<string, DocsAsset> {
  const root = dirname(require.resolve('swagger-ui-dist/package.json'));
  const assets = new Map<string, DocsAsset>();
  for (const [file, contentType] of Object.entries(SWAGGER_UI_FILES)) assets.set(file, { contentType, body: readFileSync(join(root, file)) });
  assets.set('docs-init.js', { contentType: 'text/javascript; charset=utf-8', body: Buffer.from(DOCS_INIT_JS) });
  return assets;
}
