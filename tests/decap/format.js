// The browser CMS's file writer, run outside the browser: decap-cms-core's formats/yaml.ts
// (toFile) and formats/frontmatter.ts (FrontmatterFormatter.toFile) as they are in its source,
// with the same `yaml` 1.10 and `gray-matter` packages from node_modules. Reads JSON lines
// {"data": {...}, "body": "..."|null} and prints one JSON string per line: the file Decap writes.
// tests/test_file_format.py compares homeward.yamlwriter with it.
'use strict';
const path = require('path');
const readline = require('readline');
const modules = process.argv[2] || path.resolve(__dirname, '..', '..', 'node_modules');
const yaml = require(path.join(modules, 'yaml'));
const matter = require(path.join(modules, 'gray-matter'));

function yamlToFile(data) {
  const contents = yaml.createNode(data);
  const doc = new yaml.Document();
  doc.contents = contents;
  return doc.toString();
}

function frontmatterToFile(data) {
  const { body = '', ...meta } = data;
  const engines = { yaml: { parse: s => yaml.parse(s), stringify: m => yamlToFile(m) } };
  const trimLastLineBreak = body.slice(-1) !== '\n';
  const file = matter.stringify(body, meta, { engines, language: 'yaml', delimiters: '---' });
  return trimLastLineBreak && file.slice(-1) === '\n' ? file.slice(0, -1) : file;
}

function entryToRaw(content) {
  return content.slice(-1) !== '\n' ? content + '\n' : content;
}

const lines = readline.createInterface({ input: process.stdin });
lines.on('line', line => {
  const { data, body } = JSON.parse(line);
  let out;
  try {
    out = body === null || body === undefined ? yamlToFile(data) : entryToRaw(frontmatterToFile({ ...data, ...(body.trim() && { body }) }));
  } catch (error) {
    out = { error: String(error) };
  }
  process.stdout.write(JSON.stringify(out) + '\n');
});
