import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isMap, isSeq, parseDocument, type YAMLSeq } from 'yaml';
import { ensureTrailingNewline } from './yaml-text';

/** Lists the service's folder in deploy/base/kustomization.yaml `resources`. */
export function addToBaseKustomization(deployDir: string, name: string): void {
  const file = path.join(deployDir, 'base', 'kustomization.yaml');
  const document = parseDocument(readFileSync(file, 'utf8'));
  const resources = document.get('resources');
  if (!isSeq(resources)) throw new Error(`${file}: no "resources" list`);
  if (sequenceValues(resources).includes(name)) throw new Error(`${file}: already lists "${name}"`);
  resources.add(name);
  writeFileSync(file, ensureTrailingNewline(document.toString({ lineWidth: 0 })));
}

/**
 * Gives the service's image an entry in every overlay's `images` (same tag as the overlay's other
 * images; the first one gets `dev` or the workspace version), so `kubectl apply -k
 * deploy/overlays/<env>` pins it like the rest. Releases move tags with `kustomize edit set image`.
 */
export function addToOverlayImages(deployDir: string, name: string, releaseTag: string): string[] {
  const firstTag: Record<string, string> = { dev: 'dev', prod: releaseTag };
  const overlaysDir = path.join(deployDir, 'overlays');
  const updated: string[] = [];
  for (const overlay of ['dev', 'prod']) {
    const file = path.join(overlaysDir, overlay, 'kustomization.yaml');
    if (!existsSync(file)) continue;
    const document = parseDocument(readFileSync(file, 'utf8'));
    const images = document.get('images');
    if (!isSeq(images)) throw new Error(`${file}: no "images" list`);
    const image = `forecastin/${name}`;
    const entries = images.items.filter(isMap);
    if (entries.some((entry) => entry.get('name') === image)) throw new Error(`${file}: already pins ${image}`);
    const tag = entries.map((entry) => entry.get('newTag')).find((value) => typeof value === 'string') ?? firstTag[overlay] ?? releaseTag;
    images.add(document.createNode({ name: image, newTag: tag }));
    images.flow = false; // an empty overlay starts as `images: []`
    writeFileSync(file, ensureTrailingNewline(document.toString({ lineWidth: 0 })));
    updated.push(file);
  }
  return updated;
}

function sequenceValues(sequence: YAMLSeq): unknown[] {
  return sequence.items.map((item) => (item !== null && typeof item === 'object' && 'value' in item ? item.value : item));
}
