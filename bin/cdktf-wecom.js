#!/usr/bin/env node
// Same launcher under a .js name, for callers that run `node bin/cdktf-wecom.js`.
require('./cdktf-wecom');
