// Builds the JsSIP files the server serves next to comet-client (pages load them before it for the video API):
//   jssip.min.js        JsSIP 3 (npm jssip, version pinned in package.json and package-lock.json)
//   jssip-2.0.6.min.js  JsSIP 2.0.6, the release CppComet pages load, as its npm package ships it
// JsSIP 3 packages since 3.1 ship CommonJS sources only, so they are bundled here with esbuild and the options of
// JsSIP's own `npm run build` (its npm-scripts.mjs). Needs `npm ci` first; JsSIP is MIT-licensed.
//
// Usage: node build-jssip.mjs --out <dir>   (Maven passes its output directory; the files are not kept in dist/)

import { copyFileSync, mkdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import esbuild from "esbuild";

const root = dirname(fileURLToPath(import.meta.url));
const modules = join(root, "node_modules");

async function main(args) {
  if (args.length !== 2 || args[0] !== "--out") {
    throw new Error("usage: node build-jssip.mjs --out <dir>");
  }
  const out = resolve(args[1]);
  mkdirSync(out, { recursive: true });
  const pkg = JSON.parse(readFileSync(join(modules, "jssip/package.json"), "utf8"));
  await esbuild.build({
    entryPoints: [join(modules, "jssip/lib/JsSIP.js")],
    outfile: join(out, "jssip.min.js"),
    bundle: true,
    minify: true,
    format: "iife",
    globalName: "JsSIP",
    platform: "browser",
    target: ["es2015"],
    supported: { "template-literal": false },
    // the MIT license asks for its notice in every copy
    banner: { js: "/* JsSIP " + pkg.version + " (" + pkg.homepage + ")\n\n"
      + readFileSync(join(modules, "jssip/LICENSE.md"), "utf8").replaceAll("*/", "* /") + "*/" },
    logLevel: "warning",
  });
  copyFileSync(join(modules, "jssip-2.0.6/dist/jssip.min.js"), join(out, "jssip-2.0.6.min.js"));
  console.log("JsSIP " + pkg.version + " and 2.0.6 built into " + out);
}

await main(process.argv.slice(2));
