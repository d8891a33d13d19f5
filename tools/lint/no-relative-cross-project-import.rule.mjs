// ESLint rule: a relative import (or require / export-from / import()) must stay inside the
// project of the file that contains it. Reaching into another project by `../..` bypasses its
// package name, its entry point and Nx's build order, and hides the edge from the boundaries rule.
import path from 'node:path';

/** @typedef {import('./nx-projects.reader.mjs').NxProject} NxProject */

/** @param {string} workspaceRoot @param {NxProject[]} projects @param {string} absoluteFile */
function projectOf(workspaceRoot, projects, absoluteFile) {
  const relative = path.relative(workspaceRoot, absoluteFile).split(path.sep).join('/');
  return projects.find((project) => relative === project.root || relative.startsWith(`${project.root}/`));
}

/**
 * @param {string} workspaceRoot
 * @param {NxProject[]} projects
 * @returns {import('eslint').Rule.RuleModule}
 */
export function noRelativeCrossProjectImport(workspaceRoot, projects) {
  return {
    meta: {
      type: 'problem',
      docs: { description: 'Disallow relative imports that leave the current Nx project' },
      schema: [],
      messages: {
        escapes:
          '"{{source}}" leaves project "{{project}}"; import another project by its package name "@forecastin/<lib>"',
      },
    },
    create(context) {
      const project = projectOf(workspaceRoot, projects, context.filename);
      if (project === undefined) return {};
      const projectDir = path.join(workspaceRoot, project.root);

      /** @param {import('estree').Node | null | undefined} node */
      function check(node) {
        if (!node || node.type !== 'Literal' || typeof node.value !== 'string') return;
        const source = node.value;
        if (!source.startsWith('./') && !source.startsWith('../') && source !== '..') return;
        const target = path.resolve(path.dirname(context.filename), source);
        const inside = path.relative(projectDir, target);
        if (inside.startsWith('..') || path.isAbsolute(inside)) {
          context.report({ node, messageId: 'escapes', data: { source, project: project.name } });
        }
      }

      return {
        ImportDeclaration: (node) => check(node.source),
        ExportAllDeclaration: (node) => check(node.source),
        ExportNamedDeclaration: (node) => check(node.source),
        ImportExpression: (node) => check(node.source),
        CallExpression(node) {
          if (node.callee.type === 'Identifier' && node.callee.name === 'require') check(node.arguments[0]);
        },
      };
    },
  };
}
