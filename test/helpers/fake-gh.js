#!/usr/bin/env node
// A stand-in for the GitHub CLI's `gh api`, enough for examples/ci/scripts: comments and issues
// kept in a JSON file ($FAKE_GH_DB). Each call is appended to db.calls for assertions.
const fs = require('fs');
const db = process.env.FAKE_GH_DB;
const state = fs.existsSync(db) ? JSON.parse(fs.readFileSync(db, 'utf8')) : { comments: [], issues: [], calls: [], next: 100 };
const args = process.argv.slice(2);
if (args[0] !== 'api') { console.error('fake gh: only `gh api` is supported'); process.exit(2); }
let method = 'GET';
let path;
const fields = {};
for (let i = 1; i < args.length; i++) {
  const a = args[i];
  if (a === '-X') method = args[++i];
  else if (a === '-F' || a === '-f') {
    const [k, ...rest] = args[++i].split('=');
    const v = rest.join('=');
    fields[k] = a === '-F' && v.startsWith('@') ? fs.readFileSync(v.slice(1), 'utf8') : v;
  } else if (a === '--paginate') { /* one page */ }
  else path = a;
}
state.calls.push({ method, path });
const save = () => fs.writeFileSync(db, JSON.stringify(state, null, 2));
let m;
if (method === 'GET' && (m = /^repos\/[^/]+\/[^/]+\/issues\/(\d+)\/comments$/.exec(path))) {
  process.stdout.write(JSON.stringify(state.comments.filter((c) => c.issue === Number(m[1]))));
} else if (method === 'POST' && (m = /^repos\/[^/]+\/[^/]+\/issues\/(\d+)\/comments$/.exec(path))) {
  const c = { id: state.next++, issue: Number(m[1]), body: fields.body };
  state.comments.push(c);
  process.stdout.write(JSON.stringify(c));
} else if (method === 'PATCH' && (m = /^repos\/[^/]+\/[^/]+\/issues\/comments\/(\d+)$/.exec(path))) {
  const c = state.comments.find((x) => x.id === Number(m[1]));
  if (!c) { console.error('fake gh: 404'); process.exit(1); }
  c.body = fields.body;
  process.stdout.write(JSON.stringify(c));
} else if (method === 'GET' && /^repos\/[^/]+\/[^/]+\/issues\?/.test(path)) {
  process.stdout.write(JSON.stringify(state.issues.filter((i) => i.state === 'open')));
} else if (method === 'POST' && /^repos\/[^/]+\/[^/]+\/issues$/.test(path)) {
  const i = { number: state.next++, title: fields.title, body: fields.body, state: 'open' };
  state.issues.push(i);
  process.stdout.write(JSON.stringify(i));
} else if (method === 'PATCH' && (m = /^repos\/[^/]+\/[^/]+\/issues\/(\d+)$/.exec(path))) {
  const i = state.issues.find((x) => x.number === Number(m[1]));
  if (!i) { console.error('fake gh: 404'); process.exit(1); }
  i.body = fields.body;
  process.stdout.write(JSON.stringify(i));
} else {
  console.error(`fake gh: unsupported ${method} ${path}`);
  process.exit(1);
}
save();
