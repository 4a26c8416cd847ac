// esbuild, as the page and extension builds use it: one entry module and everything it imports
// in one script, not minified (the stores review the extension as shipped; the single file stays
// readable), UTF-8 text kept as it is, license comments kept.
import * as esbuild from 'esbuild';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** C0 control characters (other than tab, LF, CR) and DEL as \u escapes. esbuild writes them
 *  raw into string and regex literals (www/dom-events.js's event marks), where an escape means
 *  the same; raw, they are parse errors in an HTML document and invisible in review. */
export const escapeControls = (js) => js.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/**
 * Bundles `entry` (a path under the repository) as `format` ('esm' or 'iife'). `outfile` only
 * names the output for esbuild's metafile; nothing is written. Returns {text, metafile}.
 */
export async function bundle({ entry, format, outfile, plugins = [] }) {
  const result = await esbuild.build({
    entryPoints: [path.resolve(root, entry)],
    bundle: true,
    format,
    platform: 'browser',
    charset: 'utf8',
    legalComments: 'inline',
    write: false,
    metafile: true,
    absWorkingDir: root,
    outfile: path.resolve(root, outfile),
    plugins,
    logLevel: 'warning',
  });
  return { text: escapeControls(result.outputFiles[0].text), metafile: result.metafile };
}
