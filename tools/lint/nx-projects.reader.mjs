// Reads the Nx projects of the workspace (apps/*, libs/*, tools/*) and their scope/type tags.
// The lint config is built from these at load time, so a new project is covered as soon as its
// project.json exists; a project without exactly one scope and one type tag fails the whole lint
// run rather than silently escaping the boundary rules.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const SCOPES = ['gateway', 'entity', 'hierarchy', 'scenario', 'flag', 'realtime', 'shared'];
/** `tool` is for workspace tooling under tools/ (lint rules, benchmarks): never imported by code. */
export const TYPES = ['app', 'contracts', 'lib', 'testing', 'tool'];
const PROJECT_FOLDERS = ['apps', 'libs', 'tools'];

/**
 * @typedef {{ name: string, root: string, scope: string, type: string }} NxProject
 * `root` is relative to the workspace root, with forward slashes (e.g. `libs/cache`).
 */

/** @param {string} file @param {string[]} tags @param {string} dimension @param {string[]} allowed */
function singleTag(file, tags, dimension, allowed) {
  const values = tags.filter((tag) => tag.startsWith(`${dimension}:`)).map((tag) => tag.slice(dimension.length + 1));
  if (values.length !== 1 || !allowed.includes(values[0])) {
    throw new Error(
      `${file}: needs exactly one "${dimension}:<${allowed.join('|')}>" tag, found [${tags.join(', ')}]`,
    );
  }
  return values[0];
}

/** @param {string} workspaceRoot @returns {NxProject[]} */
export function readNxProjects(workspaceRoot) {
  /** @type {NxProject[]} */
  const projects = [];
  for (const folder of PROJECT_FOLDERS) {
    const base = path.join(workspaceRoot, folder);
    if (!existsSync(base)) continue;
    for (const entry of readdirSync(base, { withFileTypes: true })) {
      const file = path.join(base, entry.name, 'project.json');
      if (!entry.isDirectory() || !existsSync(file)) continue;
      const json = JSON.parse(readFileSync(file, 'utf8'));
      const relative = `${folder}/${entry.name}/project.json`;
      const tags = Array.isArray(json.tags) ? json.tags.filter((tag) => typeof tag === 'string') : [];
      if (typeof json.name !== 'string' || json.name.length === 0) {
        throw new Error(`${relative}: missing "name"`);
      }
      projects.push({
        name: json.name,
        root: `${folder}/${entry.name}`,
        scope: singleTag(relative, tags, 'scope', SCOPES),
        type: singleTag(relative, tags, 'type', TYPES),
      });
    }
  }
  const names = new Set();
  for (const project of projects) {
    if (names.has(project.name)) throw new Error(`two Nx projects are named "${project.name}"`);
    names.add(project.name);
  }
  return projects;
}
